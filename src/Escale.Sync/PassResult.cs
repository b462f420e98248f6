using System.Collections.Concurrent;

namespace Escale.Sync;

/// <summary>What one pass did. Counters are updated from parallel transfers.</summary>
public sealed class PassResult
{
    private int _pushed, _pulled, _registered, _freed, _conflicts, _busy, _deferred, _failed, _repaired, _quota, _deleted;

    public int Pushed => _pushed;

    public int Pulled => _pulled;

    public int Registered => _registered;

    /// <summary>Payloads removed from the relay because every expected puller had them.</summary>
    public int Freed => _freed;

    public int Conflicts => _conflicts;

    /// <summary>Deletions sent (tombstones written) or applied here (files moved to the trash).</summary>
    public int Deleted => _deleted;

    /// <summary>Files skipped because another node holds their lock.</summary>
    public int Busy => _busy;

    /// <summary>Local files still being written (not settled).</summary>
    public int Deferred => _deferred;

    public int Failed => _failed;

    /// <summary>Leftover or stale locks and temp uploads removed.</summary>
    public int Repaired => _repaired;

    /// <summary>Pushes postponed because the relay quota is reached.</summary>
    public int OverQuota => _quota;

    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>
    /// Payloads this node removed because their expected pullers had not all pulled them within <c>payload
    /// expiry</c>, with the members owed them: one event per expiry (a desktop notification can show each).
    /// </summary>
    public ConcurrentQueue<ExpiredPayload> Expired { get; } = new();

    public int Transfers => Pushed + Pulled;

    /// <summary>Nothing left undone on this node's side.</summary>
    public bool IsComplete => Failed == 0 && Deferred == 0 && Busy == 0 && OverQuota == 0;

    /// <summary>For tests and tools: a result with the given counters.</summary>
    public static PassResult With(int pushed = 0, int pulled = 0, int conflicts = 0, int deferred = 0) =>
        new() { _pushed = pushed, _pulled = pulled, _conflicts = conflicts, _deferred = deferred };

    internal void AddPushed() => Interlocked.Increment(ref _pushed);

    internal void AddPulled() => Interlocked.Increment(ref _pulled);

    internal void AddRegistered() => Interlocked.Increment(ref _registered);

    internal void AddFreed() => Interlocked.Increment(ref _freed);

    internal void AddConflict() => Interlocked.Increment(ref _conflicts);

    internal void AddDeleted() => Interlocked.Increment(ref _deleted);

    internal void AddBusy() => Interlocked.Increment(ref _busy);

    internal void AddDeferred() => Interlocked.Increment(ref _deferred);

    internal void AddRepaired() => Interlocked.Increment(ref _repaired);

    internal void AddOverQuota() => Interlocked.Increment(ref _quota);

    internal void AddExpired(string path, IReadOnlyList<string> owed) => Expired.Enqueue(new ExpiredPayload(path, owed));

    internal void AddFailure(string message)
    {
        Interlocked.Increment(ref _failed);
        Failures.Enqueue(message);
    }

    /// <summary>
    /// Totals of several passes: transfers add up; what is still pending (busy, settling, failed,
    /// over quota) is what the last pass found.
    /// </summary>
    public static PassResult Combine(PassResult earlier, PassResult last)
    {
        var r = new PassResult
        {
            _pushed = earlier.Pushed + last.Pushed,
            _pulled = earlier.Pulled + last.Pulled,
            _registered = earlier.Registered + last.Registered,
            _freed = earlier.Freed + last.Freed,
            _conflicts = earlier.Conflicts + last.Conflicts,
            _deleted = earlier.Deleted + last.Deleted,
            _repaired = earlier.Repaired + last.Repaired,
            _busy = last.Busy,
            _deferred = last.Deferred,
            _failed = last.Failed,
            _quota = last.OverQuota,
        };
        foreach (var f in last.Failures)
        {
            r.Failures.Enqueue(f);
        }

        foreach (var e in earlier.Expired.Concat(last.Expired))
        {
            r.Expired.Enqueue(e); // events: every one that happened
        }

        return r;
    }

    public override string ToString() =>
        $"pushed {Pushed}, pulled {Pulled}, registered {Registered}, freed {Freed}, conflicts {Conflicts}, deleted {Deleted}, busy {Busy}, settling {Deferred}, over quota {OverQuota}, failed {Failed}";
}

/// <summary>A payload removed at its expiry: its path and the members still owed it (empty when nobody was expected yet).</summary>
public sealed record ExpiredPayload(string Path, IReadOnlyList<string> Owed);
