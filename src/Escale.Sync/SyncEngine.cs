using Escale.Relay;
using Microsoft.Extensions.Logging;

namespace Escale.Sync;

/// <summary>
/// Runs the reconciler of one repository: once (until nothing is left to do on this node's side,
/// within a bound) or in a loop with adaptive refresh — the wait grows from refresh/2 to refresh
/// while idle and resets after a transfer. <see cref="Nudge"/> ends the current wait early.
/// </summary>
public sealed class SyncEngine(Reconciler reconciler)
{
    private readonly object _gate = new();
    private TaskCompletionSource _nudge = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SyncContext Context => reconciler.Context;

    /// <summary>The last finished pass, for status displays.</summary>
    public PassResult? LastPass { get; private set; }

    /// <summary>After each finished pass (the agent's desktop notifications look at it); called on the engine's loop.</summary>
    public event Action<PassResult>? PassFinished;

    /// <summary>Set while a pass runs.</summary>
    public bool Busy { get; private set; }

    public void Nudge()
    {
        lock (_gate)
        {
            _nudge.TrySetResult();
        }
    }

    /// <summary>Passes until this node has nothing left to do (or no progress is possible): <c>--once</c>.</summary>
    public async Task<PassResult> RunOnceAsync(CancellationToken cancellationToken, int maxPasses = 20)
    {
        var log = Context.Logger;
        var result = await PassAsync(cancellationToken);
        var total = result;
        var busyRounds = 0;
        for (var pass = 1; pass < maxPasses; pass++)
        {
            // Plain pushes and pulls leave nothing behind for this node; conflict copies (to push),
            // settling files and other nodes' locks do.
            var again = result.Deferred > 0 || result.Conflicts > 0;
            if (result.Busy > 0 && busyRounds++ < 5)
            {
                again = true; // another node's transfer usually ends within seconds
            }

            if (!again)
            {
                break;
            }

            if (result.Transfers == 0 && result.Conflicts == 0)
            {
                var wait = result.Deferred > 0 ? Context.Options.SettleTime / 2 : TimeSpan.FromSeconds(1);
                await Task.Delay(wait < TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : wait, cancellationToken);
            }

            log.LogDebug("pass {Pass}: {Result}", pass, result);
            result = await PassAsync(cancellationToken);
            total = PassResult.Combine(total, result);
        }

        return total;
    }

    /// <summary>
    /// Loops until cancelled. An unreachable relay (at start or later) does not stop it: the engine
    /// goes offline (logged once, <see cref="OfflineSince"/> set), retries with capped backoff
    /// (<see cref="OfflineBackoff"/>) and says once when the relay is back.
    /// </summary>
    public async Task RunAsync(TimeSpan refresh, CancellationToken cancellationToken)
    {
        var log = Context.Logger;
        var wait = AdaptiveRefresh.Initial(refresh);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (PausedSince is not null)
            {
                // Paused: no pass starts; Resume nudges this wait.
                if (!await WaitAsync(wait, cancellationToken))
                {
                    break;
                }

                continue;
            }

            try
            {
                var result = await PassAsync(cancellationToken);
                wait = AdaptiveRefresh.Next(wait, refresh, result, Context.Options.SettleTime);
                if (OfflineSince is { } since)
                {
                    log.LogInformation("relay reachable again (offline since {Since:u})", since);
                    OfflineSince = null;
                }

                failures = 0;
            }
            catch (RelayException e) when (e.Kind is RelayErrorKind.Transient or RelayErrorKind.NotFound && !cancellationToken.IsCancellationRequested)
            {
                LastError = e.Message;
                wait = OfflineBackoff.Delay(++failures);
                if (OfflineSince is null)
                {
                    OfflineSince = Context.Time.GetUtcNow();
                    log.LogWarning("relay unreachable: {Message}; working offline, retrying with backoff up to every {Max} s", e.Message, (int)OfflineBackoff.Max.TotalSeconds);
                }
                else
                {
                    log.LogDebug("relay still unreachable: {Message}; next try in {Seconds} s", e.Message, (int)wait.TotalSeconds);
                }
            }

            if (!await WaitAsync(wait, cancellationToken))
            {
                break;
            }
        }
    }

    /// <summary>The refresh wait, ended early by <see cref="Nudge"/>; false when cancelled.</summary>
    private async Task<bool> WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        Task nudged;
        lock (_gate)
        {
            if (_nudge.Task.IsCompleted)
            {
                _nudge = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            nudged = _nudge.Task;
        }

        try
        {
            await Task.WhenAny(Task.Delay(wait, Context.Time, cancellationToken), nudged).WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Since when no new pass starts (<see cref="Pause"/>); null while running. A pass under way when the
    /// pause came finishes (its transfers are not cut), so a pause takes effect at the end of that pass.
    /// </summary>
    public DateTimeOffset? PausedSince { get; private set; }

    /// <summary>When the pause ends by itself, for status; the agent's timer calls <see cref="Resume"/> then.</summary>
    public DateTimeOffset? PausedUntil { get; private set; }

    /// <summary>Stops starting passes (again: a second pause keeps the first's start and takes the new end).</summary>
    public void Pause(DateTimeOffset? until)
    {
        lock (_gate)
        {
            PausedSince ??= Context.Time.GetUtcNow();
            PausedUntil = until;
        }
    }

    /// <summary>Starts passes again, the first at once; false when it was not paused.</summary>
    public bool Resume()
    {
        lock (_gate)
        {
            if (PausedSince is null)
            {
                return false;
            }

            (PausedSince, PausedUntil) = ((DateTimeOffset?)null, (DateTimeOffset?)null);
        }

        Nudge();
        return true;
    }

    public Reconciler Reconciler => reconciler;

    /// <summary>When the relay became unreachable (null while it answers), for <c>escalectl status</c>.</summary>
    public DateTimeOffset? OfflineSince { get; private set; }

    /// <summary>The last relay failure that stopped a pass, cleared by a good pass.</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? LastPassAt { get; private set; }

    /// <summary>Records a local change made through the mount: durable queue, then a push after the settle time.</summary>
    public void Enqueue(string path)
    {
        if (!Context.State.IsQueued(path))
        {
            Context.State.Enqueue(path);
        }

        Nudge();
    }

    public void Dequeue(string path)
    {
        if (Context.State.IsQueued(path))
        {
            Context.State.Dequeue(path);
        }
    }

    public Task FetchAsync(string path, CancellationToken cancellationToken) => reconciler.FetchAsync(path, cancellationToken);

    /// <summary>The status; with <paramref name="lookAtRelay"/>, after a fresh look at this node's versions waiting on the relay (none while offline).</summary>
    public async Task<Status.RepositoryStatus> GetStatusAsync(bool lookAtRelay, CancellationToken cancellationToken)
    {
        if (lookAtRelay && OfflineSince is null)
        {
            await reconciler.RefreshDeliveryAsync(cancellationToken);
        }

        return GetStatus();
    }

    public Status.RepositoryStatus GetStatus() => new(
        reconciler.InFlight,
        Context.State.Queue.Order(StringComparer.Ordinal).ToList(),
        reconciler.Offers,
        reconciler.DescribeAll(),
        LastPass?.ToString(),
        LastPassAt,
        LastError)
    {
        Ignored = reconciler.IgnoredCount,
        OfflineSince = OfflineSince,
        PausedSince = PausedSince,
        PausedUntil = PausedUntil,
    };

    /// <summary>Releases every relay lock this process still holds (on shutdown).</summary>
    public Task ReleaseLocksAsync() => Context.Locks.ReleaseAllAsync();

    private async Task<PassResult> PassAsync(CancellationToken cancellationToken)
    {
        Busy = true;
        try
        {
            var result = await reconciler.RunPassAsync(cancellationToken);
            LastPass = result;
            LastPassAt = DateTimeOffset.UtcNow;
            LastError = null;
            if (result.Transfers > 0 || result.Failed > 0 || result.Conflicts > 0)
            {
                Context.Logger.LogInformation("pass: {Result}", result);
            }

            PassFinished?.Invoke(result);

            return result;
        }
        finally
        {
            Busy = false;
        }
    }
}
