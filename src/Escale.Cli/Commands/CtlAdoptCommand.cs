using System.CommandLine;
using Escale.Agent;
using Escale.Agent.Operations;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>adopt</c>: after moving the local folder or renaming the section, carries the repository's
/// state over (the agent refuses to start until then, rather than re-syncing as a new node).
/// </summary>
public static class CtlAdoptCommand
{
    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("the repository (section) whose state to carry over");
        var command = new Command("adopt", "after moving the local folder or renaming the section: keep the repository's state (the agent must be stopped)")
        {
            config, sections,
        };
        command.SetAction(parse => CtlRun.Run(ct =>
        {
            var repo = CtlRun.SelectOne(parse.GetValue(config), null, parse.GetValue(sections) ?? []);
            if (StateFolders.FindMoved(repo) is not { } moved)
            {
                throw new OperationException($"[{repo.Name}]: no state of a moved folder or renamed section on this relay was found in {repo.CacheDir}");
            }

            var dir = StateFolders.Adopt(repo, moved.Dir);
            Console.WriteLine($"[{repo.Name}] state of section [{moved.Identity.Section}] (local folder {moved.Identity.LocalPath}) moved to {dir}");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
