using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Escale.Agent;
using Escale.Agent.Control;
using Escale.Agent.Operations;
using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>pause [-r S] [--for DURATION]</c> and <c>resume [-r S]</c>: the running agent of each repository
/// stops (or starts again) starting passes; its control socket and mount keep serving. The agent owns
/// the <c>--for</c> timer, so the pause ends on time after this command has exited. A pause lives in the
/// agent's process only: a restarted agent runs.
/// </summary>
public static class CtlPauseCommand
{
    public static Command Build(bool resume)
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption(resume ? "repository to resume (default: all)" : "repository to pause (default: all)");
        var json = Json.CtlJson.Option();
        var forOption = new Option<string?>("--for") { Description = "resume by itself after this long: 90s, 30m, 2h, 1d, 1h30m (default: until 'escalectl resume')" };
        var command = resume
            ? new Command("resume", "let the running agent start transfers again (after 'pause')") { config, sections, json }
            : new Command("pause", "stop the running agent from starting transfers (the pass under way finishes); the mount and escalectl keep working") { config, sections, forOption, json };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            string? seconds = null;
            if (!resume && parse.GetValue(forOption) is { } text)
            {
                var span = PauseFor(text) ?? throw new OperationException($"invalid duration '{text}': {PauseForAllowed}");
                seconds = span.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            }

            var repos = CtlRun.Select(parse.GetValue(config), parse.GetValue(sections) ?? []);
            var agents = await CtlAgents.DiscoverAsync(ct);
            var targets = new List<(RepositoryConfig Repo, string Socket, string Name)>();
            foreach (var repo in repos)
            {
                // Every repository must have its agent before any is changed: a half-applied pause is a surprise.
                var agent = CtlAgents.Find(agents, repo) ?? throw new OperationException($"[{repo.Name}]: no agent is running; nothing to {(resume ? "resume" : "pause")}");
                targets.Add((repo, agent.Socket, CtlAgents.NameIn(agent.Info, repo)));
            }

            var results = new List<Json.JsonShapes.PauseJson>();
            foreach (var (repo, socket, name) in targets)
            {
                var reply = await CtlAgents.SendAsync(socket, new ControlRequest(resume ? "resume" : "pause", name, null, seconds), ct);
                var states = reply.Data?.Deserialize<Dictionary<string, AgentPause.State>>();
                var state = states?.GetValueOrDefault(name) ?? new AgentPause.State(null, null);
                results.Add(new(repo.Name, state.PausedSince is not null, state.PausedSince, state.PausedUntil));
            }

            if (parse.GetValue(json))
            {
                Json.CtlJson.Write(new Json.JsonShapes.PauseDocument(results));
            }
            else
            {
                foreach (var r in results)
                {
                    Console.WriteLine($"[{r.Name}] " + (r.PausedSince is { } since ? CtlStatusPrinter.Paused(since, r.PausedUntil) : "running"));
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    public const string PauseForAllowed = "a number with s, m, h or d (seconds when none), or a sum like 1h30m; at most 365d";

    /// <summary><c>--for</c>: the options' duration syntax; null when it is not a positive duration.</summary>
    public static TimeSpan? PauseFor(string text)
    {
        try
        {
            return Core.Config.ConfigOptions.Duration(text, 0.001);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
