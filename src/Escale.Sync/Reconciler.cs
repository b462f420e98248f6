using System.Collections.Concurrent;
using Escale.Core.Paths;
using Escale.Crypto;
using Escale.Relay;
using Escale.Sync.Protocol;
using Escale.Sync.Scanning;
using Escale.Sync.State;
using Microsoft.Extensions.Logging;

namespace Escale.Sync;

/// <summary>
/// One pass of the protocol for one repository: scan the local folder and the relay once, then decide
/// and act for every file. Decisions (relay-protocol.md section 4): equal checksums → nothing to do;
/// only the side that changed since the last agreement wins; both changed → conflict, both versions
/// kept. Failures of one file are reported and never stop the others.
/// </summary>
public sealed partial class Reconciler
{
    private readonly SyncContext _ctx;
    private readonly Transfers _transfers;
    private readonly LocalScanner _localScanner;
    private readonly RelayScanner _relayScanner;
    private readonly Members.MemberRegistry _members;
    private readonly Deletions.Trash _trash;
    private readonly ConcurrentDictionary<RelayPath, (long Size, DateTime Mtime, long SeenAt)> _settling = new();
    private readonly ConcurrentDictionary<RelayPath, (long Size, DateTime Mtime, string Checksum)> _hashes = new();
    private readonly ConcurrentDictionary<string, byte> _saidOnce = new();
    private long _quotaUsed;
    private bool _firstPass = true;
    private IReadOnlyList<string> _catchUp = [];

    public Reconciler(SyncContext context)
    {
        _ctx = context;
        _transfers = new Transfers(context);
        _localScanner = new LocalScanner(context.Options.LocalRoot, context.Options.Filter, context.Logger);
        _relayScanner = new RelayScanner(context.Store, context.Logger, context.Options.PortableNames);
        _members = new Members.MemberRegistry(context);
        _trash = new Deletions.Trash(context.Options.LocalRoot, context.Options.TrashKeep, context.Time);
    }

    public SyncContext Context => _ctx;

    private SyncOptions Options => _ctx.Options;

    private string Me => Options.Client;

    public async Task<PassResult> RunPassAsync(CancellationToken cancellationToken)
    {
        var result = new PassResult();
        var firstPass = _firstPass;
        if (_firstPass)
        {
            var removed = Transfers.CleanLocalTemps(Options.LocalRoot);
            if (removed > 0)
            {
                _ctx.Logger.LogInformation("removed {Count} temp file(s) of interrupted pulls", removed);
            }

        }

        var local = _localScanner.Scan();
        var relay = await _relayScanner.ScanAsync(cancellationToken);
        await FindDeletionsAsync(local, cancellationToken);
        if (_trash.Purge() is > 0 and var purged)
        {
            _ctx.Logger.LogInformation("emptied {Count} day(s) of {Trash} older than {Days} days", purged, Deletions.Trash.FolderName, Options.TrashKeep.TotalDays);
        }
        _ctx.Members = await _members.RefreshAsync(relay.MemberRecords, cancellationToken);
        // Keyed by id and join time: a member retired and back is a newcomer again.
        _catchUp = _ctx.Members.Active.Where(m => m.Pulls && m.Name != Me).Select(m => $"{m.Id}@{m.Joined}")
            .Where(k => !_ctx.State.HasServed(k)).ToList();
        await CollectTempUploadsAsync(relay, result, firstPass, cancellationToken);
        _firstPass = false;
        _quotaUsed = relay.PayloadBytes;

        foreach (var dir in relay.Unlisted)
        {
            result.AddFailure($"relay folder {RelayPath.Printable(dir.Value)}: could not be listed; skipped this pass");
        }

        var paths = local.Keys.Union(relay.Files.Keys).Where(p => !relay.IsUnlisted(p)).Order().ToList();
        var offers = new System.Collections.Concurrent.ConcurrentDictionary<RelayPath, OfferState>();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, Math.Min(Options.Parallelism, Math.Max(1, _ctx.Store.Capabilities.Parallelism))),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(paths, parallel, async (path, token) =>
        {
            try
            {
                var state = relay.Files.GetValueOrDefault(path) ?? new RelayFileState(path);
                await ProcessAsync(path, local.GetValueOrDefault(path), state, result, offers, token);
            }
            catch (Exception e) when (IsFileLevel(e) && !token.IsCancellationRequested)
            {
                var message = FailureLine(path, e);
                result.AddFailure(message);
                _ctx.Logger.LogWarning("{Message}", message);
            }
        });
        PublishOffers(offers);
        _ctx.Placeholders.Save();
        if (result.Failed == 0 && result.OverQuota == 0 && result.Busy == 0)
        {
            // Every held version was offered again to these members where they lacked it: not again.
            foreach (var id in _catchUp)
            {
                _ctx.State.AddServed(id);
            }
        }

        return result;
    }

    private async Task ProcessAsync(RelayPath path, LocalFile? local, RelayFileState relay, PassResult result, System.Collections.Concurrent.ConcurrentDictionary<RelayPath, OfferState> offers, CancellationToken ct)
    {
        if (_ctx.OpenWrites?.IsHeld(path.Value) == true)
        {
            // Half-written when the agent died: neither pushed as a version nor overwritten by a pull.
            SayOnce(path, "interrupted write: it was open for writing when the agent stopped; held back until written and closed again, or 'escalectl confirm'");
            result.AddDeferred();
            return;
        }

        if (relay.Lock is { } lockEntry && !await ClearLockAsync(relay, lockEntry, result, ct))
        {
            result.AddBusy();
            return;
        }

        var vanished = Forget(path, relay);
        var record = _ctx.State.Get(path.Value);
        if (local is not null && _ctx.State.GetPendingInstall(path.Value) is { } pending
            && pending.LocalSize == local.Size && pending.LocalMtimeTicks == local.MtimeUtc.Ticks)
        {
            // Installed by a pull that died before recording it: that pull's version, not a local edit.
            _ctx.State.Put(path.Value, pending);
            record = pending;
        }

        var access = _ctx.State.GetAccess(path.Value);
        var localChanged = local is not null
            && (record is null || record.LocalSize != local.Size || record.LocalMtimeTicks != local.MtimeUtc.Ticks);
        string? localSum = null;
        if (localChanged)
        {
            if (!IsSettled(path, local!))
            {
                result.AddDeferred();
                return;
            }

            if (record is not null || relay.Placeholder is not null)
            {
                localSum = await LocalChecksumAsync(path, local!, ct);
                if (record is not null && localSum == record.Checksum)
                {
                    _ctx.State.Put(path.Value, record with { LocalSize = local!.Size, LocalMtimeTicks = local.MtimeUtc.Ticks });
                    localChanged = false; // touched, not changed
                }
            }
        }

        // Every placeholder is looked at: a payload-less one may be a tombstone or a rename. The reader
        // re-reads only what changed since its last read, so an unchanged relay costs no transfer.
        Placeholder? ph = null;
        if (relay.Placeholder is not null)
        {
            ph = await _ctx.Placeholders.ReadAsync(relay.PlaceholderPath, relay.Placeholder, ct);
            if (ph is not null)
            {
                Remember(path, ph, relay.Payload is not null);
            }
        }

        if (ph is { IsTombstone: true } && !localChanged)
        {
            await TombstoneAsync(relay, local, record, ph, access, result, ct);
            return;
        }

        if (local is null && record is not null && _deleted.Contains(path) && (ph is null || !IsNewVersion(ph, record)))
        {
            await LocalDeletedAsync(relay, record, ph, result, ct);
            return;
        }

        if (localChanged)
        {
            await LocalChangedAsync(relay, local!, localSum, record, ph, access, result, ct);
            return;
        }

        if (ph is null)
        {
            return;
        }

        if (relay.Payload is null)
        {
            // A node that holds the agreed version may have to offer it again when the payload is gone:
            // a member it has not served yet, a payload that just vanished, (puller count) its own version,
            // or its renamed version that pullers could not install from their own copies in time.
            var wantRepush = record is not null && local is not null && Options.MayPush && ph.Checksum is not null && ph.Checksum == record.Checksum
                && (_catchUp.Count > 0 || vanished || (Options.PullerCount is not null && record.Origin == FileOrigin.Pushed) || RenameOverdue(relay, ph));
            if (wantRepush && RepushFor(ph) is { } owed)
            {
                await RepushAsync(relay, local!, ph, owed, result, ct);
            }
            else if (ph.Source is not null && local is null && IsNewVersion(ph, record) && !await InstallRenamedAsync(relay, ph, result, ct))
            {
                SayOnce(relay.Path, "renamed on another node; this node has no copy of its content: waits for its upload");
            }

            return;
        }

        if (IsNewVersion(ph, record))
        {
            if (ph.Source is not null && local is null && await InstallRenamedAsync(relay, ph, result, ct))
            {
                return;
            }

            if (Options.PullOnDemand && local is null && Options.MayPull)
            {
                offers[path] = new OfferState(relay, ph);
                return;
            }

            await PullNewVersionAsync(relay, local, record, ph, access, result, ct);
        }
        else if (local is not null && ph.Pusher != Me && !ph.HasPuller(Me) && Options.MayPull)
        {
            // We have this version (e.g. pulled before a crash, or found equal) but are not listed yet.
            await WithLockAsync(relay, 'r', result, () => RegisterCountingAsync(relay, ph, result, ct), ct);
        }
        else if (_ctx.IsDelivered(ph))
        {
            await FreePayloadAsync(relay, result, ct);
        }
    }

    private async Task PullNewVersionAsync(RelayFileState relay, LocalFile? local, FileRecord? record, Placeholder ph, AccessFlags access, PassResult result, CancellationToken ct)
    {
        if (!Options.MayPull)
        {
            return;
        }

        if (local is not null && !access.MayPull)
        {
            SayOnce(relay.Path, "not overwritten by a pull (access w-)");
            return;
        }

        if (local is not null && Options.Mode == Core.Config.SyncMode.Conservative && record?.Origin != FileOrigin.Pulled)
        {
            SayOnce(relay.Path, "newer version on the relay not pulled: conservative mode keeps files this node did not pull");
            return;
        }

        await WithLockAsync(relay, 'r', result, async () =>
        {
            var installed = await _transfers.PullAsync(relay, ph, relay.Path, local, ct);
            if (installed is null)
            {
                result.AddDeferred();
                return;
            }

            result.AddPulled();
            await RegisterCountingAsync(relay, installed, result, ct);
        }, ct);
    }

    private async Task LocalChangedAsync(RelayFileState relay, LocalFile local, string? localSum, FileRecord? record, Placeholder? ph, AccessFlags access, PassResult result, CancellationToken ct)
    {
        // A tombstone here means deleted elsewhere but changed or new here: this copy wins and is pushed
        // below (a resurrection, never a loss).
        if (ph is { IsTombstone: false } && localSum == ph.Checksum)
        {
            // Same content on both sides: agree without a transfer.
            _ctx.State.Put(relay.Path.Value, new FileRecord(localSum!, ph.Timestamp ?? local.MtimeSeconds, local.Size, local.MtimeUtc.Ticks, FileOrigin.Agreed));
            if (relay.Payload is not null && ph.Pusher != Me && !ph.HasPuller(Me) && Options.MayPull)
            {
                await WithLockAsync(relay, 'r', result, () => RegisterCountingAsync(relay, ph, result, ct), ct);
            }

            return;
        }

        if (ph is not null && !ph.IsTombstone && IsNewVersion(ph, record))
        {
            await ResolveConflictAsync(relay, local, localSum!, ph, result, ct);
            return;
        }

        if (!Options.MayPush || !access.MayPush)
        {
            return;
        }

        if (!_ctx.Codec.CanEncode)
        {
            SayOnce(relay.Path, $"not pushed: encryption '{_ctx.Codec.Name}' is configured read-only");
            return;
        }

        if (record is null && _renamedFrom.TryGetValue(relay.Path, out var source) && (ph is null || ph.IsTombstone))
        {
            await PushRenameAsync(relay, local, localSum ?? await LocalChecksumAsync(relay.Path, local, ct), source, ph, result, ct);
            return;
        }

        var encoded = _ctx.Codec.EncodedLength(local.Size) - (relay.Payload?.Size ?? 0);
        if (Options.DiskQuota is { } quota && Interlocked.Add(ref _quotaUsed, encoded) > quota)
        {
            Interlocked.Add(ref _quotaUsed, -encoded);
            result.AddOverQuota();
            SayOnce(relay.Path, $"waits: pushing it would exceed the relay quota ({Sizes.Human(quota)}); pullers will free space");
            return;
        }

        await WithLockAsync(relay, 'w', result, async () =>
        {
            if (!await StillAsDecidedAsync(relay, ph, ct))
            {
                result.AddDeferred();
                return;
            }

            if (await _transfers.PushAsync(relay, local, localSum, ct) is { } written)
            {
                Remember(relay.Path, written, payloadPresent: true);
                result.AddPushed();
            }
            else
            {
                result.AddDeferred();
            }
        }, ct);
    }
}
