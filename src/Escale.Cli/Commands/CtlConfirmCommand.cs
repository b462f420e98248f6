using System.CommandLine;
using Escale.Agent.Control;
using Escale.Agent.Operations;
using Escale.Sync.State;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>confirm FILE</c>: a file held back as <c>interrupted write</c> (it was open for writing in the
/// mount when the agent died) is as the user wants it: push it as it is. The running agent owns the
/// journal, so it is asked; with no agent the journal in the state folder is changed directly.
/// </summary>
public static class CtlConfirmCommand
{
    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository the file belongs to (needed when there are several)");
        var file = new Argument<string>("FILE") { Description = "the file: in the local folder or in the mount point of the running agent; relative to the working folder inside them, else to the local folder" };
        var command = new Command("confirm", "release a file held back as 'interrupted write': push it as it is now")
        {
            config, sections, file,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var repo = CtlRun.SelectOne(parse.GetValue(config), null, parse.GetValue(sections) ?? []);
            var agents = await CtlAgents.DiscoverAsync(ct);
            var running = CtlAgents.Find(agents, repo);
            var relative = CtlFilePath.Relative(repo, parse.GetValue(file)!, running);
            bool released;
            if (running is { } agent)
            {
                var reply = await CtlAgents.SendAsync(agent.Socket, new ControlRequest("confirm", CtlAgents.NameIn(agent.Info, repo), relative, null), ct);
                released = reply.Data?.GetBoolean() == true;
            }
            else
            {
                released = OpenWrites.Load(repo.StateDir).Confirm(relative);
            }

            if (!released)
            {
                throw new OperationException($"{relative}: not held back as an interrupted write");
            }

            Console.WriteLine($"{relative}: confirmed; it will be pushed as it is");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
