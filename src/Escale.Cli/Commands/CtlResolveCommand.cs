using System.CommandLine;
using System.Text.Json;
using Escale.Agent.Control;
using Escale.Agent.Logging;
using Escale.Agent.Operations;
using Escale.Sync.State;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>resolve FILE --keep mine|theirs|both</c>: ends a conflict (<see cref="ConflictResolve"/>). The running
/// agent does it when there is one (it refuses a file in transfer and pushes the result at once); with none,
/// escalectl does it under the state lock and the next run sends it.
/// </summary>
public static class CtlResolveCommand
{
    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository the file belongs to (needed when there are several)");
        var file = new Argument<string>("FILE") { Description = "the file, or one of its conflict copies; in the local folder or the running agent's mount point (as for 'access')" };
        var keep = new Option<string>("--keep") { Description = "mine: keep this file, trash the copies; theirs: the copy's content becomes the file, the old one goes to the trash; both: keep both, the copy renamed to a plain name", Required = true };
        keep.AcceptOnlyFromAmong("mine", "theirs", "both");
        var json = Json.CtlJson.Option();
        var command = new Command("resolve", "end a conflict: keep this node's version, the conflict copy's, or both")
        {
            config, sections, file, keep, json,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var repo = CtlRun.SelectOne(parse.GetValue(config), null, parse.GetValue(sections) ?? []);
            var agents = await CtlAgents.DiscoverAsync(ct);
            var running = CtlAgents.Find(agents, repo);
            var relative = CtlFilePath.Relative(repo, parse.GetValue(file)!, running);
            var how = parse.GetValue(keep)!;
            ConflictResolve.Outcome outcome;
            if (running is { } agent)
            {
                var reply = await CtlAgents.SendAsync(agent.Socket, new ControlRequest("resolve", CtlAgents.NameIn(agent.Info, repo), relative, how), ct);
                outcome = reply.Data?.Deserialize<ConflictResolve.Outcome>() ?? throw new OperationException("the agent sent no result");
            }
            else
            {
                // The state lock keeps an agent from starting while files move under it.
                using var state = Directory.Exists(repo.StateDir) ? StateStore.Open(repo.StateDir) : null;
                var (name, copies) = ConflictResolve.Find(repo.LocalPath, relative);
                outcome = ConflictResolve.Apply(repo.LocalPath, name, copies, ConflictResolve.ParseKeep(how), TimeProvider.System);
            }

            if (parse.GetValue(json))
            {
                Json.CtlJson.Write(new Json.JsonShapes.ResolveJson(repo.Name, outcome.File, outcome.Copy, how, outcome.Trashed, outcome.KeptCopyAs));
                return ExitCodes.Ok;
            }

            var said = how switch
            {
                "mine" => $"kept this node's version; {string.Join(", ", outcome.Trashed)} (the conflict copy) in the trash",
                "theirs" => $"now has {outcome.Copy}'s content" + (outcome.Trashed.Count > 0 ? $"; the old version in {outcome.Trashed[0]}" : ""),
                _ => $"kept both: the copy is now {outcome.KeptCopyAs}",
            };
            Console.WriteLine(LogEscaper.Escape($"{outcome.File}: {said}" + (running is null ? "; sent by the next run of the agent" : "")));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
