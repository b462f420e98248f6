using Escale.Agent.Mail;
using Escale.Core.Config;
using Microsoft.Extensions.Logging;

namespace Escale.Cli.Commands;

/// <summary>
/// Runs an agent, and when it aborts on an error (an exception that reached the top, or a repository
/// whose loop gave up) tells the maintainer by mail at once and, with <c>--auto-restart</c>, stops
/// the other repositories and starts everything again after a delay — a bounded number of times, so
/// that a permanent error (a wrong password) ends in an exit code the service manager sees instead
/// of an endless loop.
/// </summary>
public sealed class AgentSupervisor(IReadOnlyList<RepositoryConfig> repos, ILoggerFactory logs, TimeSpan? restartDelay, int maxRestarts)
{
    public const int DefaultRestartSeconds = 10;
    public const int DefaultMaxRestarts = 10;

    private readonly ILogger _log = logs.CreateLogger("escale");

    /// <summary>Reports that a repository (null: the whole agent) aborted with this error line and exit code.</summary>
    public delegate Task AbortHandler(string? repository, string line, int code);

    /// <param name="run">One run of the agent, stopped by the token source it gets; it reports per-repository aborts.</param>
    /// <param name="stopping">Signals: cancelled means stop for good.</param>
    public async Task<int> RunAsync(Func<CancellationTokenSource, AbortHandler, Task<int>> run, CancellationTokenSource stopping)
    {
        for (var restarts = 0; ; restarts++)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            var aborted = 0;
            var abortCode = ExitCodes.Ok;
            async Task OnAbort(string? repository, string line, int code)
            {
                Interlocked.Increment(ref aborted);
                abortCode = Math.Max(abortCode, code);
                await NotifyAsync(repository, line);
                if (restartDelay is not null && !attempt.IsCancellationRequested)
                {
                    await attempt.CancelAsync(); // the other repositories stop too; all restart together
                }
            }

            int code;
            try
            {
                code = await run(attempt, OnAbort);
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

                await OnAbort(null, line, code);
            }

            if (aborted == 0 || stopping.IsCancellationRequested)
            {
                return stopping.IsCancellationRequested ? ExitCodes.Interrupted : code;
            }

            if (code == ExitCodes.Interrupted)
            {
                code = abortCode; // stopped because of the abort, not by a signal: report the abort
            }

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
                await Task.Delay(delay, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Interrupted;
            }
        }
    }

    private async Task NotifyAsync(string? repository, string line)
    {
        var concerned = repository is null ? repos : repos.Where(r => r.Name == repository).ToList();
        var report = new AbortReport("escale", repository ?? string.Join(", ", repos.Select(r => r.Name)), line, concerned.FirstOrDefault()?.File, DateTimeOffset.Now);
        foreach (var mail in MaintainerMail.ForAll(concerned))
        {
            await mail.SendAsync(report, _log);
        }
    }
}
