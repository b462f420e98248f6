using System.CommandLine;
using Escale.Agent;
using Escale.Agent.Control;
using Escale.Agent.Operations;
using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>status</c>, <c>queue</c> and <c>wait-idle</c>: ask the repository's running agent, or — when none
/// runs — read the local state and the relay directly.
/// </summary>
public static class CtlStatusCommand
{
    private static readonly TimeSpan RelayTimeout = TimeSpan.FromSeconds(15);

    public static Command Build(string name, bool queueOnly)
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository to show (default: all)");
        var json = Json.CtlJson.Option();
        var command = new Command(name, queueOnly
            ? "pending pushes and transfers in progress of each repository"
            : "each repository: relay reachable?, agent, queue, offers, transfers, per-file delivery state")
        {
            config, sections, json,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var repos = CtlRun.Select(parse.GetValue(config), parse.GetValue(sections) ?? []);
            var views = await GatherAsync(repos, ct);
            if (parse.GetValue(json))
            {
                Json.CtlJson.Write(new Json.JsonShapes.StatusDocument(views.Select(v => Json.JsonShapes.Status(v, queueOnly)).ToList()));
            }
            else
            {
                CtlStatusPrinter.Print(views, queueOnly);
            }

            return views.Any(v => v.RelayError is not null) ? ExitCodes.Relay : ExitCodes.Ok;
        }));
        return command;
    }

    public static Command BuildWaitIdle()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository to wait for (default: all)");
        var timeout = new Option<double>("--timeout", "-t") { Description = "give up after this many seconds (exit 1)", DefaultValueFactory = _ => 60, HelpName = "SECONDS" };
        var command = new Command("wait-idle", "wait until nothing is queued or transferring; exit 0 when idle, 1 on timeout")
        {
            config, sections, timeout,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var repos = CtlRun.Select(parse.GetValue(config), parse.GetValue(sections) ?? []);
            var seconds = parse.GetValue(timeout);
            if (seconds < 0 || double.IsNaN(seconds))
            {
                throw new OperationException($"--timeout {seconds}: must be a number of seconds >= 0");
            }

            return await WaitIdleAsync(repos, TimeSpan.FromSeconds(seconds), ct);
        }));
        return command;
    }

    public static async Task<IReadOnlyList<CtlRepositoryView>> GatherAsync(IReadOnlyList<RepositoryConfig> repos, CancellationToken cancellationToken, bool readRelay = true)
    {
        var agents = await CtlAgents.DiscoverAsync(cancellationToken);
        var views = new List<CtlRepositoryView>();
        foreach (var repo in repos)
        {
            if (CtlAgents.Find(agents, repo) is { } agent)
            {
                var name = CtlAgents.NameIn(agent.Info, repo);
                var reply = await CtlAgents.SendAsync(agent.Socket, new ControlRequest("status", name, Value: readRelay ? null : AgentHost.StatusLocalOnly), cancellationToken);
                var relay = agent.Info.Repositories.First(r => r.Name == name).Relay;
                views.Add(CtlRepositoryView.FromAgent(repo.Name, relay, agent.Info.ProcessId, reply.Data!.Value.GetProperty(name)));
                continue;
            }

            views.Add(await ReadDirectlyAsync(repo, readRelay, cancellationToken));
        }

        return views;
    }

    private static async Task<CtlRepositoryView> ReadDirectlyAsync(RepositoryConfig repo, bool readRelay, CancellationToken cancellationToken)
    {
        using var snapshot = CtlStateSnapshot.Open(repo);
        var (store, error) = readRelay ? await CtlRelay.TryReachAsync(repo, RelayTimeout, cancellationToken) : (null, null);
        try
        {
            var status = await OfflineStatus.ReadAsync(repo, snapshot?.State, store, error, cancellationToken);
            return CtlRepositoryView.From(repo.Name, store?.Description ?? Describe(repo), null, error, status);
        }
        finally
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }
        }
    }

    private static string Describe(RepositoryConfig repo) =>
        repo.Protocol == "file" ? "file://" + Agent.RelayStores.LocalRelayDir(repo) : $"{repo.Protocol}://{repo.HostAddress}/{repo.RelayDir}";

    /// <summary>
    /// Idle = nothing queued or transferring. A running agent in plain-folder mode only notices a new
    /// local file during a pass, so for an agent "idle" also needs a pass that began after this call:
    /// the second pass that ends after it (the first may have been running already). Each pass seen
    /// nudges the agent, so that this takes seconds rather than refresh periods.
    /// </summary>
    private static async Task<int> WaitIdleAsync(IReadOnlyList<RepositoryConfig> repos, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = DateTimeOffset.UtcNow;
        var deadline = start + timeout;
        var passes = new Dictionary<string, (int Count, DateTimeOffset Seen)>(StringComparer.Ordinal);
        var nudged = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            // The relay is not read: idle is about this node's own queue and transfers.
            var views = await GatherAsync(repos, cancellationToken, readRelay: false);
            var busy = new List<string>();
            foreach (var v in views)
            {
                var fresh = true;
                if (v.Agent is not null)
                {
                    var (count, seen) = passes.GetValueOrDefault(v.Name, (0, start));
                    if (v.LastPassAt is { } at && at > seen)
                    {
                        (count, seen) = (count + 1, at);
                        nudged.Remove(v.Name);
                    }

                    passes[v.Name] = (count, seen);
                    fresh = count >= 2;
                    if (!fresh && nudged.Add(v.Name))
                    {
                        await NudgeAsync(repos.First(r => r.Name == v.Name), cancellationToken);
                    }
                }

                if (!v.Idle || !fresh)
                {
                    busy.Add($"[{v.Name}] {v.Queue.Count} queued, {v.Transfers.Count} transferring"
                        + (v.Agent is null ? " (no agent runs: start escale to empty the queue)" : fresh ? "" : ", no complete pass yet")
                        + (v.RelayError is null ? "" : $" (last error: {v.RelayError})"));
                }
            }

            if (busy.Count == 0)
            {
                Console.WriteLine("idle");
                return ExitCodes.Ok;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                return CtlRun.Fail($"not idle after {timeout.TotalSeconds:0.#} s: {string.Join("; ", busy)}", ExitCodes.Incomplete);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    private static async Task NudgeAsync(RepositoryConfig repo, CancellationToken cancellationToken)
    {
        var agents = await CtlAgents.DiscoverAsync(cancellationToken);
        if (CtlAgents.Find(agents, repo) is { } agent)
        {
            // An older agent without "nudge" answers with an error: it then just takes a refresh longer.
            _ = await ControlClient.SendAsync(agent.Socket, new ControlRequest("nudge", CtlAgents.NameIn(agent.Info, repo)), TimeSpan.FromSeconds(10), cancellationToken);
        }
    }
}
