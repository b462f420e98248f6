using System.CommandLine;

namespace Escale.Cli.Commands;

/// <summary><c>escalectl</c>: inspect and control repositories and running agents.</summary>
public static class ControlCommand
{
    public static Command Build()
    {
        var root = new Command("escalectl", """
            escalectl: inspect and control escale repositories. Commands that a running agent must
            do (status, queue, wait-idle, access, stop) go through its control socket; with no agent
            they read or change the local state and the relay directly.
            """)
        {
            CtlStatusCommand.Build("status", queueOnly: false),
            CtlStatusCommand.Build("queue", queueOnly: true),
            CtlStatusCommand.BuildWaitIdle(),
            CtlStopCommand.Build(restart: false),
            CtlStopCommand.Build(restart: true),
            CtlAccessCommand.Build(),
            CtlConfirmCommand.Build(),
            CtlArchiveCommand.Build(restore: false),
            CtlArchiveCommand.Build(restore: true),
            CtlMigrateCommand.Build(),
            CtlFixCommand.Build(),
            CtlProbeCommand.Build(),
            CtlMembersCommand.BuildMembers(),
            CtlMembersCommand.BuildForget(),
            CtlConflictsCommand.Build(),
            CtlBwlimitCommand.Build(),
            CtlPauseCommand.Build(resume: false),
            CtlPauseCommand.Build(resume: true),
            CtlResolveCommand.Build(),
            CtlInitCommand.Build(),
            CtlAdoptCommand.Build(),
            InstallServiceCommand.Build(),
        };
        Cli.AddHelpAndVersion(root);
        return root;
    }
}
