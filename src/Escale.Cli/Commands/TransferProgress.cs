using System.Globalization;
using Escale.Agent;
using Escale.Sync.Status;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Escale.Cli.Commands;

/// <summary>
/// Shows transfers in progress while <c>escale</c> runs in the foreground, by polling each engine's
/// status (the engine knows nothing about displays). On a terminal: one Spectre.Console bar per
/// transfer, hidden when done. Otherwise (pipes, log files): a plain line per long transfer every
/// <see cref="PlainEvery"/>, so that logs show that a big file is moving without a line per chunk.
/// </summary>
public static class TransferProgress
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(10);

    public static bool OnTerminal => !Console.IsOutputRedirected && !Console.IsErrorRedirected && !Daemon.IsDaemon;

    public static Task RunAsync(IReadOnlyList<RepositoryAgent> agents, ILogger logger, CancellationToken cancellationToken) =>
        OnTerminal ? BarsAsync(agents, cancellationToken) : PlainAsync(agents, logger, cancellationToken);

    private static async Task BarsAsync(IReadOnlyList<RepositoryAgent> agents, CancellationToken cancellationToken)
    {
        await AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async ctx =>
            {
                var bars = new Dictionary<Transfer, ProgressTask>();
                while (!cancellationToken.IsCancellationRequested)
                {
                    var live = Snapshot(agents);
                    foreach (var (repo, t) in live.Where(l => !bars.ContainsKey(l.Transfer)))
                    {
                        var arrow = t.Direction == TransferDirection.Push ? "↑" : "↓";
                        bars[t] = ctx.AddTask(Markup.Escape($"{arrow} [{repo}] {t.Path}"), maxValue: Math.Max(1, t.Total ?? 1));
                    }

                    foreach (var (t, bar) in bars.ToList())
                    {
                        bar.Value = t.Done;
                        if (!live.Any(l => l.Transfer == t))
                        {
                            bar.Value = bar.MaxValue;
                            bar.StopTask();
                            bars.Remove(t);
                        }
                    }

                    if (!await DelayAsync(Poll, cancellationToken))
                    {
                        break;
                    }
                }
            });
    }

    private static async Task PlainAsync(IReadOnlyList<RepositoryAgent> agents, ILogger logger, CancellationToken cancellationToken)
    {
        while (await DelayAsync(PlainEvery, cancellationToken))
        {
            foreach (var line in PlainLines(Snapshot(agents), DateTimeOffset.UtcNow))
            {
                logger.LogInformation("{Progress}", line);
            }
        }
    }

    /// <summary>One line per transfer running for <see cref="PlainEvery"/> or more: <c>[repo] pushing a.bin: 40% of 1.2 GiB</c>.</summary>
    public static IEnumerable<string> PlainLines(IEnumerable<(string Repository, Transfer Transfer)> live, DateTimeOffset now)
    {
        foreach (var (repo, t) in live.Where(l => now - l.Transfer.Started >= PlainEvery))
        {
            var amount = t.Total is > 0 ? $"{100 * t.Done / t.Total.Value}% of {Size(t.Total.Value)}" : Size(t.Done);
            yield return $"[{repo}] {(t.Direction == TransferDirection.Push ? "pushing" : "pulling")} {t.Path}: {amount}";
        }
    }

    private static List<(string Repository, Transfer Transfer)> Snapshot(IReadOnlyList<RepositoryAgent> agents) =>
        agents.SelectMany(a => a.Engine.GetStatus().Transfers.Select(t => (a.Config.Name, t))).ToList();

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
