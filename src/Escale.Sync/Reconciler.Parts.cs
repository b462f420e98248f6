using Escale.Core.Paths;
using Escale.Sync.Parts;
using Escale.Sync.Protocol;
using Escale.Sync.Scanning;
using Escale.Sync.State;

namespace Escale.Sync;

/// <summary>
/// Big files in parts (issue 15): the reconciler's side. A file of at least <c>min split size</c> is pushed as parts
/// over as many passes as the quota needs; the pass that finds this node's own split version unfinished continues
/// it before deciding anything else.
/// </summary>
public sealed partial class Reconciler
{
    /// <summary>How this local file would be cut, or null when it travels whole.</summary>
    private PartPlan? SplitPlan(RelayFileState relay, LocalFile local) =>
        System.Text.Encoding.UTF8.GetByteCount(PartNames.NameOf(relay.Path.Name, PartPlan.MaxParts, PartPlan.MaxParts)) > RelayPath.MaxComponentBytes
            ? null // the part names would be too long for the relay: the file travels whole
            : PartPlan.For(local.Size, Options.SplitSize, Options.MinSplitSize);

    /// <summary>
    /// Whether this node's split push of the version it recorded still has parts to upload: its own push, or a
    /// catch-up of a version it holds (pusher or puller) for members that lack it.
    /// </summary>
    private bool SplitPushContinues(RelayFileState relay, LocalFile? local, FileRecord? record, bool localChanged, bool settling, Placeholder? ph) =>
        !localChanged && !settling && local is not null && record is not null && ph is { Parts: > 0, IsTombstone: false }
        && (ph.Pusher == Me ? record.Origin == FileOrigin.Pushed : ph.Checksum == record.Checksum)
        && Options.MayPush && _transfers.SplitPush.Pending(relay.Path.Value, record, local, ph);

    /// <summary>Whether a split version has something for this node on the relay now (as a payload present is for a whole one).</summary>
    private bool SplitOffered(RelayFileState relay, Placeholder? ph) =>
        ph is { Parts: > 0 } && (ph.Pusher == Me ? relay.Parts.Count > 0 : _transfers.SplitHasNews(relay, ph));

    /// <summary>One pass of a split push, under the write lock: as many parts as the quota lets through.</summary>
    private Task PushSplitAsync(RelayFileState relay, LocalFile local, string? localSum, Placeholder? ph, PartPlan plan, PassResult result, CancellationToken ct) =>
        WithLockAsync(relay, 'w', result, async () =>
        {
            if (!await StillAsDecidedAsync(relay, ph, ct))
            {
                result.AddDeferred();
                return;
            }

            await PushSplitLockedAsync(relay, local, localSum, ph, plan, result, ct);
        }, ct);

    /// <summary>
    /// Catch-up of a split version (issue 15): a holder of the version (pusher or puller, byte-identical) uploads
    /// again the parts that <paramref name="owed"/> lack, over passes and within the quota, as a whole payload is
    /// uploaded again (<see cref="RepushAsync"/>); the owed join <c>expect:</c> and the version stays the same.
    /// </summary>
    private Task CatchUpSplitAsync(RelayFileState relay, LocalFile local, FileRecord record, Placeholder ph, IReadOnlyList<string> owed, PassResult result, CancellationToken ct) =>
        WithLockAsync(relay, 'w', result, async () =>
        {
            var fresh = await _ctx.Placeholders.ReadAsync(relay.PlaceholderPath, null, ct, fresh: true);
            if (!await StillAsDecidedAsync(relay, ph, ct) || fresh is null || fresh.IsTombstone || fresh.Checksum != record.Checksum || fresh.Parts != ph.Parts)
            {
                return; // the version moved on
            }

            foreach (var i in Enumerable.Range(1, fresh.Parts!.Value).Where(i => owed.Any(o => !fresh.PullersOfPart(i).Contains(o, StringComparer.Ordinal))))
            {
                if (await _ctx.Store.StatAsync(relay.PartPath(i, fresh.Parts.Value), ct) is not null)
                {
                    return; // another holder started serving it since our listing: its journal continues it
                }
            }

            if (SplitPlan(relay, local) is not { } plan || plan.Count != fresh.Parts
                || await _transfers.SplitPush.StartCatchUpAsync(relay, local, fresh, plan, owed, ct) is not { } started)
            {
                SayOnce(relay.Path, $"owed to {string.Join(", ", owed.Select(RelayPath.Printable))} but this node cuts it otherwise than its pusher (split size): another holder serves it");
                return;
            }

            Remember(relay.Path, started, payloadPresent: false);
            await PushSplitLockedAsync(relay, local, record.Checksum, started, plan, result, ct);
        }, ct);

    /// <summary>The body of <see cref="PushSplitAsync"/>, under the write lock.</summary>
    private async Task PushSplitLockedAsync(RelayFileState relay, LocalFile local, string? localSum, Placeholder? ph, PartPlan plan, PassResult result, CancellationToken ct)
    {
        var (outcome, written) = await _transfers.PushSplitAsync(relay, local, localSum, plan, ph, TryReserveQuota, ReleaseQuota, ct);
        if (outcome == SplitPushOutcome.Complete && written is not null)
        {
            written = await StampPushedAsync(relay, written, ct);
        }

        if (written is not null)
        {
            Remember(relay.Path, written, payloadPresent: false);
        }

        switch (outcome)
        {
            case SplitPushOutcome.Changed:
                result.AddDeferred();
                break;
            case SplitPushOutcome.Waiting:
                result.AddOverQuota();
                SayOnce(relay.Path, $"waits: no part of it fits in the relay quota ({Sizes.Human(Options.DiskQuota ?? 0)}) now; pullers will free space");
                break;
            case SplitPushOutcome.Partial:
                result.AddOverQuota(); // not complete: the next passes upload the rest
                break;
            default:
                result.AddPushed();
                break;
        }
    }

    /// <summary>
    /// Payload expiry of a split version: its deadline counts from when its last part went up, so the push (or
    /// catch-up) that completes writes <c>pushed:</c> now (and drops any <c>expired:</c>), on the placeholder re-read
    /// under the lock so that no puller's name is lost.
    /// </summary>
    private async Task<Placeholder> StampPushedAsync(RelayFileState relay, Placeholder written, CancellationToken ct)
    {
        var fresh = await _ctx.Placeholders.ReadAsync(relay.PlaceholderPath, null, ct, fresh: true);
        if (fresh is null || fresh.Checksum != written.Checksum || fresh.Parts != written.Parts)
        {
            return written;
        }

        var stamped = _ctx.Restamp(fresh);
        if (!ReferenceEquals(stamped, fresh))
        {
            await _ctx.Store.WriteAsync(relay.PlaceholderPath, new MemoryStream(stamped.ToBytes()), Relay.WriteMode.Overwrite, ct);
            _ctx.Placeholders.Invalidate(relay.PlaceholderPath);
        }

        return stamped;
    }

    /// <summary>
    /// Mount mode: opening an offered split file this node lacks (<see cref="FetchAsync"/>), under the read lock. The
    /// parts it does not hold yet are looked up again one by one (the pass's listing may be old: freed or new parts);
    /// when every one is on the relay, the returned state lists them for <see cref="SplitPull"/>; otherwise the open
    /// fails with one line naming the missing parts (the caller's log line; the mount answers EIO), and nothing moves.
    /// </summary>
    private async Task<RelayFileState> SplitFetchStateAsync(RelayFileState relay, Placeholder ph, CancellationToken ct)
    {
        var n = ph.Parts!.Value;
        var version = PartSpool.VersionOf(ph.Checksum, n);
        var fresh = new RelayFileState(relay.Path) { Payload = relay.Payload, Lock = relay.Lock, Placeholder = relay.Placeholder };
        var missing = new List<int>();
        for (var i = 1; i <= n; i++)
        {
            if (PartSpool.Holds(_ctx.State.Folder, relay.Path.Value, version, i))
            {
                if (relay.Parts.TryGetValue(i, out var held))
                {
                    fresh.Parts[i] = held; // still listed: named for it again if a killed run did not say so
                }
            }
            else if (await _ctx.Store.StatAsync(relay.PartPath(i, n), ct) is { } entry)
            {
                fresh.Parts[i] = (n, entry);
            }
            else
            {
                missing.Add(i);
            }
        }

        return missing.Count == 0 ? fresh : throw new InvalidOperationException(
            $"{relay.Path}: {(missing.Count == 1 ? "part" : "parts")} {Ranges(missing)} of {n} not on the relay now (uploaded as room frees); not opened, try again later");
    }

    /// <summary>"2, 5-9, 12": part indexes for one line.</summary>
    internal static string Ranges(IReadOnlyList<int> sorted)
    {
        var spans = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            spans.Add(j == i ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }

        return string.Join(", ", spans);
    }

    private bool TryReserveQuota(long bytes)
    {
        if (Options.DiskQuota is not { } quota)
        {
            return true;
        }

        if (Interlocked.Add(ref _quotaUsed, bytes) > quota)
        {
            Interlocked.Add(ref _quotaUsed, -bytes);
            return false;
        }

        return true;
    }

    private void ReleaseQuota(long bytes) => Interlocked.Add(ref _quotaUsed, -bytes);
}
