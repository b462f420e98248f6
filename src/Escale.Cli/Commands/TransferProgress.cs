using Escale.Agent;
using Escale.Agent.Logging;
using Escale.Cli.Terminal;
using Escale.Sync.Status;
using Microsoft.Extensions.Logging;

namespace Escale.Cli.Commands;

/// <summary>
/// Shows transfers in progress while <c>escale</c> runs in the foreground, by polling each engine's
/// status (the engine knows nothing about displays). On a terminal: one line per transfer in a
/// <see cref="LiveArea"/> below the log, removed when done. Otherwise (pipes, log files): a plain log
/// line per long transfer every <see cref="PlainEvery"/>, so that logs show that a big file is moving
/// without a line per chunk.
/// </summary>
public static class TransferProgress
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(10);

    /// <summary>A terminal that moves its cursor (TERM=dumb does not: plain lines there).</summary>
    public static bool OnTerminal => !Console.IsOutputRedirected && !Console.IsErrorRedirected && !Daemon.IsDaemon
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <param name="area">The live area on a terminal; null for plain lines.</param>
    public static Task RunAsync(IReadOnlyList<RepositoryAgent> agents, ILogger logger, LiveArea? area, TimeProvider time, CancellationToken cancellationToken) =>
        area is not null ? AreaAsync(agents, area, time, cancellationToken) : PlainAsync(agents, logger, time, cancellationToken);

    private static async Task AreaAsync(IReadOnlyList<RepositoryAgent> agents, LiveArea area, TimeProvider time, CancellationToken cancellationToken)
    {
        var meter = new TransferMeter();
        do
        {
            var live = Snapshot(agents);
            var now = time.GetUtcNow();
            area.Show(live.Select(l => AreaLine(l.Repository, l.Transfer, meter.Sample(l.Transfer, now))).ToList());
            meter.Forget(live.Select(l => l.Transfer));
        }
        while (await DelayAsync(Poll, time, cancellationToken));

        area.Show([]);
    }

    private static async Task PlainAsync(IReadOnlyList<RepositoryAgent> agents, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        while (await DelayAsync(PlainEvery, time, cancellationToken))
        {
            foreach (var line in PlainLines(Snapshot(agents), time.GetUtcNow()))
            {
                logger.LogInformation("{Progress}", line);
            }
        }
    }

    /// <summary>One line of the live area: <c>↑ [repo] a.bin  [#####     ] 45% of 2.0 GiB, 12.3 MiB/s, ETA 0:42</c>.</summary>
    public static string AreaLine(string repository, Transfer t, double? bytesPerSecond)
    {
        var arrow = t.Direction == TransferDirection.Push ? "↑" : "↓";
        var bar = TransferRate.Percent(t.Done, t.Total) is { } p ? "[" + new string('#', p / 5).PadRight(20) + "] " : "";
        return LogEscaper.Escape($"{arrow} [{repository}] {t.Path}  ") + bar + Iec.Progress(t.Done, t.Total, bytesPerSecond);
    }

    /// <summary>One line per transfer running for <see cref="PlainEvery"/> or more: <c>[repo] pushing a.bin: 40% of 1.2 GiB, 3.0 MiB/s, ETA 1:10</c>.</summary>
    public static IEnumerable<string> PlainLines(IEnumerable<(string Repository, Transfer Transfer)> live, DateTimeOffset now)
    {
        foreach (var (repo, t) in live.Where(l => now - l.Transfer.Started >= PlainEvery))
        {
            var rate = TransferRate.Rate(t.Done, now - t.Started);
            yield return $"[{repo}] {(t.Direction == TransferDirection.Push ? "pushing" : "pulling")} {t.Path}: {Iec.Progress(t.Done, t.Total, rate)}";
        }
    }

    private static List<(string Repository, Transfer Transfer)> Snapshot(IReadOnlyList<RepositoryAgent> agents) =>
        agents.SelectMany(a => a.Engine.GetStatus().Transfers.Select(t => (a.Config.Name, t))).ToList();

    private static async Task<bool> DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
