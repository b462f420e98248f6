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

    /// <summary>Whether this node's split push of the version it recorded still has parts to upload.</summary>
    private bool SplitPushContinues(RelayFileState relay, LocalFile? local, FileRecord? record, bool localChanged, bool settling, Placeholder? ph) =>
        !localChanged && !settling && local is not null && record is { Origin: FileOrigin.Pushed } && ph is { Parts: > 0 } && ph.Pusher == Me
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

            var (outcome, written) = await _transfers.PushSplitAsync(relay, local, localSum, plan, ph, TryReserveQuota, ReleaseQuota, ct);
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
        }, ct);

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
