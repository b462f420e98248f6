using System.CommandLine;

namespace Escale.Cli.Commands;

/// <summary><c>escalectl</c>: inspect and control repositories and running agents.</summary>
public static class ControlCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("escalectl: inspect and control escale repositories");
        root.Subcommands.Add(InstallServiceCommand.Build());
        return root;
    }
}
