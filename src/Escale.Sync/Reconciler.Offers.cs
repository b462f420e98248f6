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
    // A status look at the relay is for a person waiting at a prompt: a few seconds, a bounded number of files.
    private const int StatusLooks = 200;
    private static readonly TimeSpan StatusLookBound = TimeSpan.FromSeconds(5);

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
            var split = offer.Placeholder.Parts is > 0;
            var relay = split ? await SplitFetchStateAsync(offer.Relay, offer.Placeholder, cancellationToken) : offer.Relay; // parts (issue 15)
            var installed = await _transfers.PullAsync(relay, offer.Placeholder, p, null, cancellationToken)
                ?? throw new InvalidOperationException(split && !File.Exists(LocalPaths.Resolve(Options.LocalRoot, p))
                    ? $"{path}: parts of it left the relay during the fetch; not opened, try again later"
                    : $"{path}: a local file appeared during the fetch; not overwritten");
            await RegisterCountingAsync(relay, installed, result, cancellationToken);
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
        if (!RelayPath.TryParse(path, false, out var p, out _))
        {
            return new FileStatus(path, FileState.Local);
        }

        var exists = File.Exists(LocalPaths.Resolve(Options.LocalRoot, p));
        if (exists && ConflictCopy.IsCopy(path))
        {
            return new FileStatus(path, FileState.Conflict); // whatever its push is doing: the user has something to resolve
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

        if (_expired.TryGetValue(p, out var expired))
        {
            return expired;
        }

        var record = _ctx.State.Get(path);
        var onRelay = record?.Origin == FileOrigin.Pushed && _lastSeen.TryGetValue(p, out var seen)
            && seen.PayloadPresent && seen.Placeholder.Pusher == Me && seen.Placeholder.Checksum == record.Checksum
            ? _ctx.Delivery(seen.Placeholder) : null;
        return SettledState.Of(path, record is not null, exists, onRelay);
    }

    /// <summary>States of every file that is not simply local.</summary>
    public IReadOnlyList<FileStatus> DescribeAll()
    {
        var paths = _ctx.State.Snapshot().Keys.Concat(_ctx.State.Queue).Concat(_offers.Keys.Select(k => k.Value)).Concat(_expired.Keys.Select(k => k.Value)).Distinct();
        return paths.Select(Describe).Where(s => s.State != FileState.Local).OrderBy(s => s.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Looks again at this node's versions that the last look saw waiting on the relay, before a status
    /// is given: another node may have pulled and freed one since, and the next pass would notice only a
    /// refresh later, so status would say "on relay (pulled by 0 of 1)" of a delivered file. At most
    /// <see cref="StatusLooks"/> files, one stat each (a placeholder read only when it changed), within
    /// <see cref="StatusLookBound"/>; when the relay does not answer, the last look stands. Not for
    /// <c>wait-idle</c>, which asks four times a second about the queue only.
    /// </summary>
    public async Task RefreshDeliveryAsync(CancellationToken cancellationToken)
    {
        var waiting = _lastSeen.Where(kv => kv.Value.PayloadPresent && kv.Value.Placeholder.Pusher == Me).Take(StatusLooks).ToList();
        if (waiting.Count == 0)
        {
            return;
        }

        using var bound = new CancellationTokenSource(StatusLookBound, _ctx.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
        try
        {
            foreach (var (path, seen) in waiting)
            {
                var relay = new RelayFileState(path) { Payload = await _ctx.Store.StatAsync(path, linked.Token) };
                relay.Placeholder = relay.Payload is null ? null : await _ctx.Store.StatAsync(relay.PlaceholderPath, linked.Token);
                var fresh = relay.Placeholder is null ? null : await _ctx.Placeholders.ReadAsync(relay.PlaceholderPath, relay.Placeholder, linked.Token);
                // Replaces only the look read above: a pass that remembered something newer meanwhile wins.
                _lastSeen.TryUpdate(path, fresh is null ? (seen.Placeholder, false) : (fresh, true), seen);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
            && e is Relay.RelayException or IOException or FormatException or OperationCanceledException)
        {
            // The relay did not answer in time (or a placeholder is damaged): the pass reports that; status keeps the last look.
        }
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
