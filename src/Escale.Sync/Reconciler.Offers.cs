using System.Collections.Concurrent;
using Escale.Core.Paths;
using Escale.Sync.Protocol;
using Escale.Sync.Scanning;
using Escale.Sync.State;
using Escale.Sync.Status;

namespace Escale.Sync;

/// <summary>Offers (mount mode), fetch on demand, and the per-file state shown to users.</summary>
public sealed partial class Reconciler
{
    private readonly ConcurrentDictionary<RelayPath, (Placeholder Placeholder, bool PayloadPresent)> _lastSeen = new();
    private volatile IReadOnlyDictionary<RelayPath, OfferState> _offers = new Dictionary<RelayPath, OfferState>();

    /// <summary>Raised after a pass or a fetch with the paths whose offer appeared or disappeared.</summary>
    public event Action<IReadOnlyCollection<string>>? OffersChanged;

    public IReadOnlyList<Offer> Offers => _offers.Values.Select(ToOffer).OrderBy(o => o.Path, StringComparer.Ordinal).ToList();

    public Offer? FindOffer(string path) =>
        RelayPath.TryParse(path, false, out var p, out _) && _offers.TryGetValue(p, out var o) ? ToOffer(o) : null;

    public IReadOnlyList<Transfer> InFlight => _transfers.InFlight;

    /// <summary>
    /// Pulls one offered file now (lock, download, verify, install, register). Throws when the file is
    /// not offered, is locked by another node, or fails verification; the relay copy is then kept.
    /// </summary>
    public async Task FetchAsync(string path, CancellationToken cancellationToken)
    {
        if (!RelayPath.TryParse(path, Options.PortableNames, out var p, out var reason))
        {
            throw new InvalidOperationException($"'{RelayPath.Printable(path)}': {reason}");
        }

        if (!_offers.TryGetValue(p, out var offer))
        {
            throw new InvalidOperationException($"{path}: not offered on the relay");
        }

        var result = new PassResult();
        await WithLockAsync(offer.Relay, 'r', result, async () =>
        {
            var installed = await _transfers.PullAsync(offer.Relay, offer.Placeholder, p, null, cancellationToken)
                ?? throw new InvalidOperationException($"{path}: a local file appeared during the fetch; not overwritten");
            await RegisterCountingAsync(offer.Relay, installed, result, cancellationToken);
        }, cancellationToken);
        if (result.Busy > 0)
        {
            throw new InvalidOperationException($"{path}: another node holds the relay lock; try again");
        }

        var remaining = new Dictionary<RelayPath, OfferState>(_offers);
        remaining.Remove(p);
        _offers = remaining;
        OffersChanged?.Invoke([path]);
    }

    public FileStatus Describe(string path)
    {
        if (path.Contains(ConflictNames.Marker, StringComparison.Ordinal))
        {
            return new FileStatus(path, FileState.Conflict);
        }

        if (!RelayPath.TryParse(path, false, out var p, out _))
        {
            return new FileStatus(path, FileState.Local);
        }

        if (IsIgnored(path))
        {
            return new FileStatus(path, FileState.Ignored);
        }

        if (_ctx.OpenWrites?.IsHeld(path) == true)
        {
            return new FileStatus(path, FileState.InterruptedWrite);
        }

        if (_transfers.InFlightFor(p) is { } t)
        {
            return new FileStatus(path, t.Direction == TransferDirection.Push ? FileState.Pushing : FileState.Pulling);
        }

        if (_ctx.State.IsQueued(path))
        {
            return new FileStatus(path, FileState.Queued);
        }

        if (_offers.ContainsKey(p))
        {
            return new FileStatus(path, FileState.Offered);
        }

        var record = _ctx.State.Get(path);
        if (record?.Origin == FileOrigin.Pushed && _lastSeen.TryGetValue(p, out var seen)
            && seen.PayloadPresent && seen.Placeholder.Pusher == Me && seen.Placeholder.Checksum == record.Checksum)
        {
            var delivery = _ctx.Delivery(seen.Placeholder);
            return new FileStatus(path, FileState.OnRelay, delivery.Pulled.Count, delivery.Expected) { Delivery = delivery.ToString() };
        }

        return new FileStatus(path, FileState.Local);
    }

    /// <summary>States of every file that is not simply local.</summary>
    public IReadOnlyList<FileStatus> DescribeAll()
    {
        var paths = _ctx.State.Snapshot().Keys.Concat(_ctx.State.Queue).Concat(_offers.Keys.Select(k => k.Value)).Distinct();
        return paths.Select(Describe).Where(s => s.State != FileState.Local).OrderBy(s => s.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether the ignore rules exclude a local path (relative, '/'-separated), by its name or a folder above it.</summary>
    public bool IsIgnored(string path) => _localScanner.Ignore.IsIgnored(path);

    /// <summary>Local files and folders that the last scan skipped because of ignore rules.</summary>
    public int IgnoredCount => _localScanner.Ignored;

    private void Remember(RelayPath path, Placeholder placeholder, bool payloadPresent) => _lastSeen[path] = (placeholder, payloadPresent);

    /// <summary>A payload that left the relay (or a placeholder that vanished) changes the file's state without a re-read.</summary>
    /// <returns>Whether the payload was on the relay at the last look and is gone now.</returns>
    private bool Forget(RelayPath path, RelayFileState relay)
    {
        if (_lastSeen.TryGetValue(path, out var seen) && seen.PayloadPresent && (relay.Payload is null || relay.Placeholder is null))
        {
            _lastSeen[path] = (seen.Placeholder, false);
            return true;
        }

        return false;
    }

    private void PublishOffers(ConcurrentDictionary<RelayPath, OfferState> offers)
    {
        var old = _offers;
        var fresh = new Dictionary<RelayPath, OfferState>(offers);
        _offers = fresh;
        var changed = old.Keys.Except(fresh.Keys).Concat(fresh.Keys.Except(old.Keys))
            .Concat(fresh.Where(kv => old.TryGetValue(kv.Key, out var o) && o.Placeholder.Checksum != kv.Value.Placeholder.Checksum).Select(kv => kv.Key))
            .Select(k => k.Value).Distinct().ToList();
        if (changed.Count > 0)
        {
            OffersChanged?.Invoke(changed);
        }
    }

    private Offer ToOffer(OfferState o) => new(
        o.Relay.Path.Value,
        o.Relay.Payload is { } payload ? _ctx.Codec.DecodedLength(payload.Size) : null,
        DateTimeOffset.FromUnixTimeSeconds(o.Placeholder.Timestamp ?? 0),
        o.Placeholder.Pusher);

    private sealed record OfferState(RelayFileState Relay, Placeholder Placeholder);
}
