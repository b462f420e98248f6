using Escale.Agent.Mail;
using Escale.Core.Config;
using Microsoft.Extensions.Logging;

namespace Escale.Cli.Commands;

/// <summary>
/// Runs an agent, and when it aborts on an error (an exception that reached the top, or a repository
/// whose loop gave up) tells the maintainer by mail and, with <c>--auto-restart</c>, starts it again
/// after a delay — a bounded number of times, so that a permanent error (a wrong password) ends in
/// an exit code the service manager sees instead of an endless loop.
/// </summary>
public sealed class AgentSupervisor(IReadOnlyList<RepositoryConfig> repos, ILoggerFactory logs, TimeSpan? restartDelay, int maxRestarts)
{
    public const int DefaultRestartSeconds = 10;
    public const int DefaultMaxRestarts = 10;

    private readonly ILogger _log = logs.CreateLogger("escale");

    /// <param name="run">One run of the agent; it reports per-repository aborts through the callback.</param>
    public async Task<int> RunAsync(Func<Action<string?, string>, Task<int>> run, CancellationToken stopping)
    {
        for (var restarts = 0; ; restarts++)
        {
            var aborts = new List<(string? Repository, string Line)>();
            void Aborted(string? repository, string line)
            {
                lock (aborts)
                {
                    aborts.Add((repository, line));
                }
            }

            int code;
            try
            {
                code = await run(Aborted);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
            catch (Exception e)
            {
                var explained = Cli.Explain(e);
                var line = explained?.Line ?? $"internal error: {e.GetType().Name}: {e.Message}";
                code = explained?.Code ?? ExitCodes.Internal;
                _log.LogError("{Line}", line);
                if (explained is null)
                {
                    _log.LogDebug(e, "unexpected exception");
                }

                Aborted(null, line);
            }

            if (aborts.Count == 0 || stopping.IsCancellationRequested)
            {
                return code;
            }

            await NotifyAsync(aborts);
            if (restartDelay is not { } delay || restarts >= maxRestarts)
            {
                if (restartDelay is not null)
                {
                    _log.LogError("giving up after {Restarts} restarts", restarts);
                }

                return code;
            }

            _log.LogWarning("restarting in {Seconds} s (restart {Restart} of at most {Max})", (int)delay.TotalSeconds, restarts + 1, maxRestarts);
            try
            {
                await Task.Delay(delay, stopping);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Interrupted;
            }
        }
    }

    private async Task NotifyAsync(List<(string? Repository, string Line)> aborts)
    {
        foreach (var (repository, line) in aborts)
        {
            var concerned = repository is null ? repos : repos.Where(r => r.Name == repository).ToList();
            var report = new AbortReport("escale", repository, line, concerned.FirstOrDefault()?.File, DateTimeOffset.Now);
            foreach (var mail in MaintainerMail.ForAll(concerned))
            {
                await mail.SendAsync(report, _log);
            }
        }
    }
}
