using Escale.Core.Paths;
using Escale.Crypto;
using Escale.Relay;
using Escale.Sync.Protocol;
using Escale.Sync.Scanning;
using Escale.Sync.State;
using Microsoft.Extensions.Logging;

namespace Escale.Sync;

public sealed partial class Reconciler
{
    /// <summary>
    /// Both sides changed since they last agreed. The newer timestamp wins the name; the other version
    /// is kept beside it as a conflict copy, which is then pushed like any new file so every node keeps both.
    /// </summary>
    private async Task ResolveConflictAsync(RelayFileState relay, LocalFile local, string localSum, Placeholder ph, PassResult result, CancellationToken ct)
    {
        var relayWins = relay.Payload is null || (ph.Timestamp ?? 0) >= local.MtimeSeconds;
        if (relayWins && !Options.MayPush && relay.Payload is null)
        {
            return;
        }

        await WithLockAsync(relay, relayWins ? 'r' : 'w', result, async () =>
        {
            if (!await StillAsDecidedAsync(relay, ph, ct))
            {
                result.AddDeferred();
                return;
            }

            var now = _ctx.Time.GetUtcNow();
            if (relayWins)
            {
                var copy = ConflictNames.For(relay.Path, Me, now);
                File.Move(local.FullPath, LocalPaths.Resolve(Options.LocalRoot, copy), overwrite: false);
                _ctx.State.Remove(relay.Path.Value);
                _ctx.Logger.LogWarning("conflict on {Path}: the relay's version wins; this node's version kept as {Copy}", relay.Path, copy.Name);
                if (relay.Payload is not null && Options.MayPull)
                {
                    var installed = await _transfers.PullAsync(relay, ph, relay.Path, null, ct);
                    if (installed is not null)
                    {
                        result.AddPulled();
                        await RegisterCountingAsync(relay, installed, result, ct);
                    }
                }
            }
            else
            {
                var copy = ConflictNames.For(relay.Path, ph.Pusher ?? "relay", now);
                var installed = await _transfers.PullAsync(relay, ph, copy, null, ct);
                if (installed is not null)
                {
                    _ctx.State.Remove(copy.Value); // a new local file: pushed next pass
                    await RegisterCountingAsync(relay, installed, result, ct);
                }

                _ctx.Logger.LogWarning("conflict on {Path}: this node's version wins; the relay's version kept as {Copy}", relay.Path, copy.Name);
                if (Options.MayPush && await _transfers.PushAsync(relay, local, localSum, ct) is { } written)
                {
                    Remember(relay.Path, written, payloadPresent: true);
                    result.AddPushed();
                }
            }

            result.AddConflict();
        }, ct);
    }

    private async Task RegisterCountingAsync(RelayFileState relay, Placeholder ph, PassResult result, CancellationToken ct)
    {
        if (await _transfers.RegisterAsync(relay, ph, ct))
        {
            Remember(relay.Path, ph, payloadPresent: false); // freed by us: not a payload that vanished
            result.AddFreed();
        }

        result.AddRegistered();
    }

    /// <summary>
    /// Who a version whose payload is gone must be uploaded again for: members that lack it (a late joiner,
    /// a payload an original node took); with <c>puller count</c>, the pusher's own undelivered version as
    /// before. Null when nobody is owed it.
    /// </summary>
    private IReadOnlyList<string>? RepushFor(Placeholder ph)
    {
        var owed = Members.Delivery.Owed(ph, _ctx.Members);
        if (owed.Count > 0)
        {
            return owed;
        }

        return Options.PullerCount is not null && ph.Pusher == Me && !_ctx.IsDelivered(ph) ? [] : null;
    }

    /// <summary>Uploads a held version again for the members it is owed to, within the quota, under the write lock.</summary>
    private async Task RepushAsync(RelayFileState relay, LocalFile local, Placeholder ph, IReadOnlyList<string> owed, PassResult result, CancellationToken ct)
    {
        var encoded = _ctx.Codec.EncodedLength(local.Size);
        if (Options.DiskQuota is { } quota && Interlocked.Add(ref _quotaUsed, encoded) > quota)
        {
            Interlocked.Add(ref _quotaUsed, -encoded);
            result.AddOverQuota();
            return;
        }

        await WithLockAsync(relay, 'w', result, async () =>
        {
            if (!await StillAsDecidedAsync(relay, ph, ct) || await _ctx.Store.StatAsync(relay.Path, ct) is not null)
            {
                return; // another holder was faster, or the version moved on
            }

            var fresh = await _ctx.Placeholders.ReadAsync(relay.PlaceholderPath, null, ct, fresh: true) ?? ph;
            await _transfers.RepushPayloadAsync(relay, local, fresh, owed, ct);
            Remember(relay.Path, fresh, payloadPresent: true);
            result.AddPushed();
        }, ct);
    }

    /// <summary>Every expected puller has it: remove the payload, re-checking the placeholder under the lock.</summary>
    private Task FreePayloadAsync(RelayFileState relay, PassResult result, CancellationToken ct) =>
        WithLockAsync(relay, 'r', result, async () =>
        {
            var fresh = await _ctx.Placeholders.ReadAsync(relay.PlaceholderPath, null, ct, fresh: true);
            if (fresh is not null && _ctx.IsDelivered(fresh))
            {
                await _ctx.Store.DeleteAsync(relay.Path, ct);
                Remember(relay.Path, fresh, payloadPresent: false);
                result.AddFreed();
                _ctx.Logger.LogInformation("{Path}: every expected puller has it; removed from the relay", relay.Path);
            }
        }, ct);

    /// <summary>Runs an action under the file's relay lock; counts "busy" when another node holds it.</summary>
    private async Task WithLockAsync(RelayFileState relay, char mode, PassResult result, Func<Task> action, CancellationToken ct)
    {
        if (!await _ctx.Locks.TryAcquireAsync(relay.LockPath, mode, ct))
        {
            result.AddBusy();
            return;
        }

        try
        {
            await action();
        }
        finally
        {
            await _ctx.Locks.ReleaseAsync(relay.LockPath, ct);
        }
    }

    /// <summary>Handles a listed lock: ours left by a crash or stale → removed (true); live → busy (false).</summary>
    private async Task<bool> ClearLockAsync(RelayFileState relay, RelayEntry lockEntry, PassResult result, CancellationToken ct)
    {
        if (_ctx.Locks.IsHeld(relay.LockPath))
        {
            return false;
        }

        var owner = await _ctx.Locks.ReadOwnerAsync(relay.LockPath, ct);
        if (owner == Me)
        {
            _ctx.Logger.LogInformation("{Path}: removing this node's lock left by an interrupted transfer", relay.Path);
        }
        else if (await _ctx.Locks.IsStaleAsync(relay.LockPath, lockEntry, ct))
        {
            _ctx.Logger.LogWarning("{Path}: lock of {Owner} older than the lock timeout; cleared", relay.Path, owner ?? "unknown node");
        }
        else
        {
            return false;
        }

        await _ctx.Store.DeleteAsync(relay.LockPath, ct);
        _ctx.Locks.Forget(relay.LockPath);
        relay.Lock = null;
        result.AddRepaired();
        return true;
    }

    /// <summary>
    /// Temp uploads older than the lock timeout belong to a transfer that will never finish; on the
    /// first pass, before this process started any transfer, this node's own are leftovers of a crash.
    /// </summary>
    private async Task CollectTempUploadsAsync(RelaySnapshot relay, PassResult result, bool firstPass, CancellationToken ct)
    {
        var myTag = RelayTempNames.TagOf(Me);
        foreach (var (path, entry) in relay.TempUploads.ToList())
        {
            var mine = firstPass && RelayTempNames.OwnerTagOf(path.Name) == myTag;
            if (mine || await _ctx.Locks.IsStaleAsync(path, entry, ct))
            {
                await _ctx.Store.DeleteAsync(path, ct);
                _ctx.Locks.Forget(path);
                relay.TempUploads.Remove((path, entry));
                result.AddRepaired();
            }
        }
    }

    /// <summary>
    /// Decisions are taken on the pass's listing; another node may have pushed between that listing and
    /// our lock. Under the lock, before writing anything, check the placeholder still names the version
    /// the decision was based on (or is still absent); if not, back off and decide again next pass.
    /// Without this, two nodes pushing the same new name one after the other would overwrite silently.
    /// </summary>
    private async Task<bool> StillAsDecidedAsync(RelayFileState relay, Placeholder? decidedOn, CancellationToken ct)
    {
        if (decidedOn is null && await _ctx.Store.StatAsync(relay.PlaceholderPath, ct) is null)
        {
            return true; // still absent: a stat, not a read that fails (one exception per new file otherwise)
        }

        var now = await _ctx.Placeholders.ReadAsync(relay.PlaceholderPath, null, ct, fresh: true);
        if (now?.Checksum == decidedOn?.Checksum && now?.Timestamp == decidedOn?.Timestamp && now?.Pusher == decidedOn?.Pusher)
        {
            return true;
        }

        _ctx.Logger.LogInformation("{Path} changed on the relay since this pass listed it; deciding again", relay.Path);
        return false;
    }

    private bool IsSettled(RelayPath path, LocalFile local)
    {
        if (DateTime.UtcNow - local.MtimeUtc >= Options.SettleTime)
        {
            _settling.TryRemove(path, out _);
            return true;
        }

        var now = _ctx.Time.GetTimestamp();
        var seen = _settling.AddOrUpdate(path, _ => (local.Size, local.MtimeUtc, now),
            (_, old) => old.Size == local.Size && old.Mtime == local.MtimeUtc ? old : (local.Size, local.MtimeUtc, now));
        return _ctx.Time.GetElapsedTime(seen.SeenAt, now) >= Options.SettleTime;
    }

    private async Task<string> LocalChecksumAsync(RelayPath path, LocalFile local, CancellationToken ct)
    {
        if (_hashes.TryGetValue(path, out var h) && h.Size == local.Size && h.Mtime == local.MtimeUtc)
        {
            return h.Checksum;
        }

        var sum = await _transfers.ChecksumAsync(local.FullPath, ct);
        _hashes[path] = (local.Size, local.MtimeUtc, sum);
        return sum;
    }

    private void SayOnce(RelayPath path, string what)
    {
        if (_saidOnce.TryAdd(path.Value + "\0" + what, 0))
        {
            _ctx.Logger.LogInformation("{Path}: {What}", path, what);
        }
    }

    private static bool IsFileLevel(Exception e) =>
        e is RelayException { Kind: not RelayErrorKind.Authentication } or IOException or UnauthorizedAccessException
            or PayloadIntegrityException or FormatException or InvalidOperationException or OperationCanceledException;

    /// <summary>"path: why", once: most of our exceptions already start with the path they are about.</summary>
    internal static string FailureLine(RelayPath path, Exception e)
    {
        var why = Describe(e);
        return why.StartsWith(path.Value + ":", StringComparison.Ordinal) || why.StartsWith(path.Value + " ", StringComparison.Ordinal)
            ? RelayPath.Printable(why)
            : $"{RelayPath.Printable(path.Value)}: {RelayPath.Printable(why)}";
    }

    private static string Describe(Exception e) => e switch
    {
        FormatException f => "unreadable placeholder: " + f.Message,
        OperationCanceledException => "timed out",
        _ => e.Message,
    };
}
