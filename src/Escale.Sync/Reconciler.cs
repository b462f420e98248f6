using System.Collections.Concurrent;
using Escale.Core.Paths;
using Escale.Crypto;
using Escale.Relay;
using Escale.Sync.Decisions;
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
    private volatile bool _splitOwedWaiting;

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
        _splitOwedWaiting = false;

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
        if (result.Failed == 0 && result.OverQuota == 0 && result.Busy == 0 && !_splitOwedWaiting)
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
        var settling = false;
        if (localChanged)
        {
            if (!IsSettled(path, local!))
            {
                settling = true;
            }
            else if (record is not null || relay.Placeholder is not null || _renamedFrom.ContainsKey(path))
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
        if (relay.Placeholder is not null && !settling)
        {
            ph = await _ctx.Placeholders.ReadAsync(relay.PlaceholderPath, relay.Placeholder, ct);
            if (ph is not null)
            {
                Remember(path, ph, relay.Payload is not null);
            }
        }

        var splitContinues = SplitPushContinues(relay, local, record, localChanged, settling, ph);
        if (_catchUp.Count > 0 && ph is { Parts: > 0 } && (relay.Parts.Count > 0 || splitContinues) && local is not null
            && record?.Checksum == ph.Checksum && RepushFor(ph) is { Count: > 0 })
        {
            // Parts (issue 15): a newcomer may take some of these parts but not those freed before it came; it is
            // served (its catch-up) once they all left the relay, so it is not marked served before.
            _splitOwedWaiting = true;
        }

        // Parts (issue 15): this node's unfinished split push goes on before anything is decided.
        if (splitContinues)
        {
            await PushSplitAsync(relay, local!, record!.Checksum, ph, SplitPlan(relay, local!)!, result, ct);
            return;
        }

        var facts = new FileFacts
        {
            Me = Me,
            LocalExists = local is not null,
            LocalChanged = localChanged,
            LocalSettling = settling,
            LocalChecksum = localSum,
            Record = record,
            DeletedHere = _deleted.Contains(path),
            IsRename = _renamedFrom.ContainsKey(path),
            Placeholder = ph,
            PayloadPresent = relay.Payload is not null || SplitOffered(relay, ph), // parts (issue 15)
            Delivered = ph is not null && _ctx.IsDelivered(ph),
            ExpectingMe = ph is not null && _ctx.IsExpecting(ph, Me),
            // A split version is served again only to members that lack it (parts, issue 15: its catch-up).
            RepushOwed = ph is not null && (ph.Parts is null || RepushFor(ph) is { Count: > 0 }) && relay.Payload is null && record is not null && local is not null
                && (_catchUp.Count > 0 || vanished || (Options.PullerCount is not null && record.Origin == FileOrigin.Pushed) || RenameOverdue(relay, ph))
                && RepushFor(ph) is not null,
            OwedReturned = ph?.Expired is { } expiredAt && OwedReturned(ph, expiredAt),
            // A split version's deadline counts from its `pushed:` line alone, written when its last part went up
            // (none while parts still go up: a deadline then would cut pullers off mid-file).
            PushedAt = ph?.Parts is not null ? ph.Pushed : ph?.Pushed ?? relay.Payload?.Modified?.ToUnixTimeSeconds(),
            Now = _ctx.Time.GetUtcNow().ToUnixTimeSeconds(),
            PayloadExpiry = Options.PayloadExpiry,
            MayPush = Options.MayPush,
            MayPull = Options.MayPull,
            CanEncode = _ctx.Codec.CanEncode,
            Encryption = _ctx.Codec.Name,
            AccessPush = access.MayPush,
            AccessPull = access.MayPull,
            Conservative = Options.Mode == Core.Config.SyncMode.Conservative,
            PullOnDemand = Options.PullOnDemand,
            PropagateDeletions = Options.PropagateDeletions,
        };
        var decision = FileDecision.Decide(facts);
        TrackExpired(path, ph, relay, record);
        await ExecuteAsync(decision, relay, local, record, ph, localSum, result, offers, ct);
    }

    /// <summary>Runs the decided step: each action has one executor, and every relay write happens under the file's lock.</summary>
    private async Task ExecuteAsync(Decision decision, RelayFileState relay, LocalFile? local, FileRecord? record, Placeholder? ph, string? localSum, PassResult result, ConcurrentDictionary<RelayPath, OfferState> offers, CancellationToken ct)
    {
        switch (decision.Action)
        {
            case FileAction.Nothing:
                return;
            case FileAction.Wait:
                result.AddDeferred();
                return;
            case FileAction.Explain:
                SayOnce(relay.Path, decision.Note!);
                return;
            case FileAction.Agree:
                await AgreeAsync(relay, local!, localSum!, ph!, result, ct);
                return;
            case FileAction.Conflict:
                await ResolveConflictAsync(relay, local!, localSum!, ph!, result, ct);
                return;
            case FileAction.Push:
                await PushAsync(relay, local!, localSum, ph, result, ct);
                return;
            case FileAction.PushRename:
                await PushRenameAsync(relay, local!, localSum ?? await LocalChecksumAsync(relay.Path, local!, ct), _renamedFrom[relay.Path], ph, result, ct);
                return;
            case FileAction.Pull:
                await PullNewVersionAsync(relay, local, ph!, result, ct);
                return;
            case FileAction.Offer:
                offers[relay.Path] = new OfferState(relay, ph!);
                return;
            case FileAction.InstallRenamed:
                if (await InstallRenamedAsync(relay, ph!, result, ct))
                {
                    return;
                }

                if (relay.Payload is null)
                {
                    SayOnce(relay.Path, "renamed on another node; this node has no copy of its content: waits for its upload");
                }
                else if (Options.PullOnDemand)
                {
                    offers[relay.Path] = new OfferState(relay, ph!);
                }
                else
                {
                    await PullNewVersionAsync(relay, local, ph!, result, ct);
                }

                return;
            case FileAction.Register:
                await WithLockAsync(relay, 'r', result, () => RegisterCountingAsync(relay, ph!, result, ct), ct);
                return;
            case FileAction.Free:
                await FreePayloadAsync(relay, result, ct);
                return;
            case FileAction.Repush:
                if (ph!.Parts is > 0 && RepushFor(ph) is { Count: > 0 } owedParts)
                {
                    await CatchUpSplitAsync(relay, local!, record!, ph, owedParts, result, ct); // parts (issue 15)
                }
                else if (RepushFor(ph) is { } owed)
                {
                    await RepushAsync(relay, local!, ph!, owed, result, ct);
                }

                return;
            case FileAction.Expire:
                await ExpireAsync(relay, ph!, result, ct);
                return;
            case FileAction.Owed:
                SayOnce(relay.Path, OwedHere);
                return;
            case FileAction.SendDeletion:
                await LocalDeletedAsync(relay, record!, ph, result, ct);
                return;
            case FileAction.ApplyDeletion:
                if (decision.Note is not null)
                {
                    SayOnce(relay.Path, decision.Note);
                }

                await TombstoneAsync(relay, local, ph!, decision.Tombstone, result, ct);
                return;
            default:
                throw new InvalidOperationException($"no executor for {decision.Action}");
        }
    }

    private Task PullNewVersionAsync(RelayFileState relay, LocalFile? local, Placeholder ph, PassResult result, CancellationToken ct) =>
        WithLockAsync(relay, 'r', result, async () =>
        {
            Placeholder? installed;
            try
            {
                installed = await _transfers.PullAsync(relay, ph, relay.Path, local, ct);
            }
            catch (RelayException e) when (e.Kind == RelayErrorKind.NotFound)
            {
                // Left the relay between the listing and our lock (freed by the last expected puller, or expired by
                // its pusher): nothing is wrong here; the next pass sees why.
                _ctx.Logger.LogInformation("{Path}: its payload left the relay before this node could pull it; looked at again next pass", relay.Path);
                return;
            }

            if (installed is null)
            {
                result.AddDeferred();
                return;
            }

            result.AddPulled();
            await RegisterCountingAsync(relay, installed, result, ct);
        }, ct);

    /// <summary>Same content on both sides, never agreed: agree without a transfer (and say so if the payload waits for us).</summary>
    private async Task AgreeAsync(RelayFileState relay, LocalFile local, string localSum, Placeholder ph, PassResult result, CancellationToken ct)
    {
        _ctx.State.Put(relay.Path.Value, new FileRecord(localSum, ph.Timestamp ?? local.MtimeSeconds, local.Size, local.MtimeUtc.Ticks, FileOrigin.Agreed));
        if (relay.Payload is not null && ph.Pusher != Me && !ph.HasPuller(Me) && Options.MayPull)
        {
            await WithLockAsync(relay, 'r', result, () => RegisterCountingAsync(relay, ph, result, ct), ct);
        }
    }

    private async Task PushAsync(RelayFileState relay, LocalFile local, string? localSum, Placeholder? ph, PassResult result, CancellationToken ct)
    {
        if (SplitPlan(relay, local) is { } plan)
        {
            await PushSplitAsync(relay, local, localSum, ph, plan, result, ct); // parts (issue 15)
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
