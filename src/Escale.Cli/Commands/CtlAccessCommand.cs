using System.CommandLine;
using Escale.Agent.Control;
using Escale.Agent.Operations;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>access FILE [r+|r-|r?] [w+|w-|w?]</c>: sets or shows a file's access modifiers (r = may be
/// pushed, w = may be overwritten by a pull). The running agent owns the state, so it is asked to
/// make the change; with no agent the state is changed directly.
/// </summary>
public static class CtlAccessCommand
{
    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository the file belongs to (needed when there are several)");
        var file = new Argument<string>("FILE") { Description = "the file: in the local folder or in the mount point of the running agent; relative to the working folder inside them, else to the local folder" };
        var flags = new Argument<string[]>("FLAGS") { Description = "r+ r- r? w+ w- w? (none: show the current flags)", Arity = ArgumentArity.ZeroOrMore };
        var json = Json.CtlJson.Option();
        var command = new Command("access", "set or show a file's access modifiers: r = may be pushed, w = may be overwritten by a pull")
        {
            config, sections, file, flags, json,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var tokens = parse.GetValue(flags) ?? [];
            _ = AccessText.Apply(default, tokens); // reject bad flags before touching anything
            var repo = CtlRun.SelectOne(parse.GetValue(config), null, parse.GetValue(sections) ?? []);
            var agents = await CtlAgents.DiscoverAsync(ct);
            var running = CtlAgents.Find(agents, repo);
            var relative = CtlFilePath.Relative(repo, parse.GetValue(file)!, running);
            string shown;
            if (running is { } agent)
            {
                var request = new ControlRequest("access", CtlAgents.NameIn(agent.Info, repo), relative, tokens.Length == 0 ? null : string.Join(' ', tokens));
                var reply = await CtlAgents.SendAsync(agent.Socket, request, ct);
                shown = reply.Data?.GetString() ?? "?";
            }
            else
            {
                using var state = Sync.State.StateStore.Open(Agent.StateFolders.MigrateIfOld(repo, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
                var current = state.GetAccess(relative);
                if (tokens.Length > 0)
                {
                    current = AccessText.Apply(current, tokens);
                    state.SetAccess(relative, current);
                }

                shown = current.ToString();
            }

            if (parse.GetValue(json))
            {
                var now = AccessText.Apply(default, shown.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                Json.CtlJson.Write(new Json.JsonShapes.AccessJson(relative, now.Read, now.Write, now.ToString()));
            }
            else
            {
                Console.WriteLine($"{relative}: {shown}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
