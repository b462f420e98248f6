using System.Collections.Concurrent;
using Escale.Core.Paths;
using Escale.Relay;
using Escale.Sync.Decisions;
using Escale.Sync.Protocol;
using Escale.Sync.Scanning;
using Escale.Sync.State;
using Escale.Sync.Status;
using Microsoft.Extensions.Logging;

namespace Escale.Sync;

/// <summary>
/// Payload expiry (<c>payload expiry</c>): a payload whose expected pullers have not all pulled it by its push
/// time plus the expiry is removed by its pusher, which marks the placeholder <c>expired: NOW</c>. The members
/// still lacking it are owed it: no node uploads it again because it vanished; a holder does when one of them is
/// seen (its member record's <c>seen:</c>) after the expiry, through the catch-up of late joiners.
/// A split version (issue 15) has its deadline from its <c>pushed:</c> line only, written when its last part went
/// up; at the deadline every remaining part goes, and the owed are served by the split catch-up
/// (<see cref="CatchUpSplitAsync"/>): only the parts they lack go up again.
/// </summary>
public sealed partial class Reconciler
{
    /// <summary>What a node that lacks an expired version says of it (status and one log line).</summary>
    internal const string OwedHere = "expired on the relay before this node pulled it; owed to this node: a node that holds it uploads it again now that this node is back";

    private readonly ConcurrentDictionary<RelayPath, FileStatus> _expired = new();

    /// <summary>Whether a member that lacks the expired version was seen after it expired (it came back, or joined since).</summary>
    private bool OwedReturned(Placeholder ph, long expiredAt) =>
        Members.Delivery.Owed(ph, _ctx.Members).Any(n => _ctx.Members.ByName(n) is { IsRetired: false } m && m.Seen > expiredAt);

    /// <summary>
    /// Removes this node's payload at its deadline, under the write lock: the placeholder is re-read and the
    /// deadline and delivery judged again (a puller may have completed the set since the listing), then the
    /// placeholder gets its <c>expired:</c> line before the payload goes, so that no holder ever sees the payload
    /// vanish without the mark and uploads it again.
    /// </summary>
    private Task ExpireAsync(RelayFileState relay, Placeholder ph, PassResult result, CancellationToken ct) =>
        WithLockAsync(relay, 'w', result, async () =>
        {
            var now = _ctx.Time.GetUtcNow().ToUnixTimeSeconds();
            var fresh = await _ctx.Placeholders.ReadAsync(relay.PlaceholderPath, null, ct, fresh: true);
            if (fresh is null || fresh.Pusher != Me || fresh.Checksum != ph.Checksum || fresh.IsTombstone || _ctx.IsDelivered(fresh)
                || !FileDecision.IsExpired(fresh.Pushed ?? relay.Payload?.Modified?.ToUnixTimeSeconds(), Options.PayloadExpiry, now))
            {
                return; // decided again next pass
            }

            var expired = fresh with { Expired = now };
            await _ctx.Store.WriteAsync(relay.PlaceholderPath, new MemoryStream(expired.ToBytes()), WriteMode.Overwrite, ct);
            _ctx.Placeholders.Invalidate(relay.PlaceholderPath);
            await _ctx.Store.DeleteAsync(relay.Path, ct);
            foreach (var (index, (count, _)) in relay.Parts)
            {
                // A split version (issue 15): every part still listed goes. Its deadline came from its `pushed:` line,
                // written when its last part went up, so none is uploaded after this listing (that would restamp it).
                await _ctx.Store.DeleteAsync(relay.PartPath(index, count), ct);
            }

            Remember(relay.Path, expired, payloadPresent: false);
            var owed = Members.Delivery.Owed(expired, _ctx.Members);
            TrackExpired(relay.Path, expired, new RelayFileState(relay.Path), _ctx.State.Get(relay.Path.Value));
            result.AddExpired(relay.Path.Value, owed);
            _ctx.Logger.LogWarning(
                "{Path}: not pulled by {Owed} within the payload expiry ({Expiry}); removed from the relay, owed to them: uploaded again when they are back",
                relay.Path, owed.Count > 0 ? string.Join(", ", owed.Select(RelayPath.Printable)) : "any puller", DurationText(Options.PayloadExpiry!.Value));
        }, ct);

    /// <summary>Keeps the status view of expired versions: this node's own (with who is owed it), and those owed to this node.</summary>
    private void TrackExpired(RelayPath path, Placeholder? ph, RelayFileState relay, FileRecord? record)
    {
        if (ph is not null && SettledState.Expired(path.Value, ph, relay.Payload is not null, Me, record, Options.MayPull, _ctx.Members) is { } view)
        {
            _expired[path] = view;
        }
        else
        {
            _expired.TryRemove(path, out _);
        }
    }

    private static string DurationText(TimeSpan t) =>
        t.TotalDays >= 1 && t.TotalDays == Math.Floor(t.TotalDays) ? $"{t.TotalDays:0}d"
        : t.TotalHours >= 1 && t.TotalHours == Math.Floor(t.TotalHours) ? $"{t.TotalHours:0}h"
        : t.TotalMinutes >= 1 && t.TotalMinutes == Math.Floor(t.TotalMinutes) ? $"{t.TotalMinutes:0}m"
        : $"{t.TotalSeconds:0}s";
}
