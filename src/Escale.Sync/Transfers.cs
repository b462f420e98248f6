using System.Text;
using Escale.Core.IO;
using Escale.Core.Paths;
using Escale.Crypto;
using Escale.Relay;
using Escale.Sync.Protocol;
using Escale.Sync.Scanning;
using Escale.Sync.State;
using Microsoft.Extensions.Logging;

namespace Escale.Sync;

/// <summary>
/// The protocol's sequences for one file, each under its relay lock (relay-protocol.md section 4).
/// Order within a push: payload first (the store writes it atomically), then the placeholder, so a
/// placeholder never names a payload that is not complete, and an interrupted push keeps the previous
/// version's record and puller list. Within a pull: nothing on the relay is changed until the local
/// copy is verified, fsynced and renamed into place.
/// </summary>
public sealed class Transfers(SyncContext context)
{
    private const string LocalTempPrefix = ".escale-tmp-";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<RelayPath, Status.Transfer> _inFlight = new();

    private readonly Parts.SplitPull _splitPull = new(context);

    private IRelayStore Store => context.Store;

    /// <summary>Big files in parts (issue 15): the pusher's side.</summary>
    internal Parts.SplitPush SplitPush { get; } = new(context);

    /// <summary>Whether a split version has a part this node can take now (or every part, ready to install).</summary>
    public bool SplitHasNews(RelayFileState relay, Placeholder placeholder) => _splitPull.HasNews(relay, placeholder);

    /// <summary>Transfers in progress, for status displays.</summary>
    public IReadOnlyList<Status.Transfer> InFlight => _inFlight.Values.ToList();

    public Status.Transfer? InFlightFor(RelayPath path) => _inFlight.GetValueOrDefault(path);

    private SyncOptions Options => context.Options;

    /// <summary>Plain hash (or keyed checksum) of a local file, as the placeholder stores it.</summary>
    public async Task<string> ChecksumAsync(string fullPath, CancellationToken cancellationToken)
    {
        using var hash = context.Codec.CreateChecksum();
        await using var fs = OpenLocalRead(fullPath);
        var buffer = new byte[1 << 16];
        int n;
        while ((n = await fs.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, n);
        }

        return Checksums.Hex(hash);
    }

    /// <summary>Pushes a local file. Returns the placeholder written, or null when the file changed under us (try again later).</summary>
    public async Task<Placeholder?> PushAsync(RelayFileState relay, LocalFile local, string? expectedChecksum, CancellationToken cancellationToken)
    {
        var transfer = new Status.Transfer(relay.Path.Value, Status.TransferDirection.Push, local.Size, context.Time);
        _inFlight[relay.Path] = transfer;
        try
        {
            return await PushCoreAsync(relay, local, expectedChecksum, transfer, cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(relay.Path, out _);
        }
    }

    private async Task<Placeholder?> PushCoreAsync(RelayFileState relay, LocalFile local, string? expectedChecksum, Status.Transfer transfer, CancellationToken cancellationToken)
    {
        using var hash = context.Codec.CreateChecksum();
        try
        {
            await using var fs = OpenLocalRead(local.FullPath);
            var hashing = new HashingStream(fs, hash, leaveOpen: true, transfer.Add);
            var info = new PayloadInfo(relay.Path.Value, local.Size, local.MtimeSeconds);
            var encoded = Bandwidth.BandwidthLimits.Throttle(context.Codec.Encode(hashing, info), context.Bandwidth.Upload);
            await Store.WriteAsync(relay.Path, encoded, WriteMode.Overwrite, cancellationToken);
            if (hashing.BytesSeen != local.Size)
            {
                return null;
            }
        }
        catch (IOException) when (LocalChanged(local))
        {
            // The codec refuses a plaintext whose length changed while streaming: written under us.
            context.Logger.LogInformation("{Path} changed while being pushed; will push again", relay.Path);
            return null;
        }

        var checksum = Checksums.Hex(hash);
        var now = new FileInfo(local.FullPath);
        if ((expectedChecksum is not null && checksum != expectedChecksum) || now.Length != local.Size || now.LastWriteTimeUtc != local.MtimeUtc)
        {
            // Written while we read it. The placeholder still names the previous version, whose
            // checksum the new payload fails: pullers refuse it until the next pass pushes again.
            context.Logger.LogInformation("{Path} changed while being pushed; will push again", relay.Path);
            return null;
        }

        var placeholder = new Placeholder(Options.Client, local.MtimeSeconds, checksum, []) { Expect = context.ExpectedAtPush(), Pushed = context.PushStamp() };
        await Store.WriteAsync(relay.PlaceholderPath, new MemoryStream(placeholder.ToBytes()), WriteMode.Overwrite, cancellationToken);
        context.Placeholders.Invalidate(relay.PlaceholderPath);
        await DeletePartsAsync(relay, cancellationToken); // a previous split version's
        context.State.Put(relay.Path.Value, new FileRecord(checksum, local.MtimeSeconds, local.Size, local.MtimeUtc.Ticks, FileOrigin.Pushed));
        if (context.State.IsQueued(relay.Path.Value))
        {
            context.State.Dequeue(relay.Path.Value);
        }

        context.Logger.LogInformation("pushed {Path} ({Size})", relay.Path, Sizes.Human(local.Size));
        return placeholder;
    }

    /// <summary>One pass of a split push (<see cref="Parts.SplitPush"/>), shown among the transfers in progress.</summary>
    internal async Task<(Parts.SplitPushOutcome Outcome, Placeholder? Placeholder)> PushSplitAsync(
        RelayFileState relay, LocalFile local, string? expectedChecksum, Parts.PartPlan plan, Placeholder? current,
        Func<long, bool> reserve, Action<long> release, CancellationToken cancellationToken)
    {
        var transfer = new Status.Transfer(relay.Path.Value, Status.TransferDirection.Push, local.Size, context.Time);
        _inFlight[relay.Path] = transfer;
        try
        {
            return await SplitPush.PushAsync(relay, local, expectedChecksum, plan, current, reserve, release, transfer, cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(relay.Path, out _);
        }
    }

    /// <summary>
    /// Downloads, decodes and verifies a payload into <paramref name="target"/> (a temp file first).
    /// <paramref name="expectLocal"/> is what the local target looked like when the pass decided
    /// (null = absent); if it changed since, nothing is overwritten and false is returned.
    /// </summary>
    public async Task<Placeholder?> PullAsync(RelayFileState relay, Placeholder placeholder, RelayPath target, LocalFile? expectLocal, CancellationToken cancellationToken)
    {
        var root = Options.LocalRoot;
        LocalPaths.EnsureParent(root, target);
        var finalPath = LocalPaths.Resolve(root, target);
        var temp = Path.Combine(Path.GetDirectoryName(finalPath)!, LocalTempPrefix + Guid.NewGuid().ToString("N")[..16]);
        var transfer = new Status.Transfer(target.Value, Status.TransferDirection.Pull, relay.Payload is { } payloadEntry ? context.Codec.DecodedLength(payloadEntry.Size) : null, context.Time);
        _inFlight[target] = transfer;
        try
        {
            string checksum;
            if (placeholder.Parts is > 0)
            {
                if (await _splitPull.PullAsync(relay, placeholder, temp, transfer, cancellationToken) is not { } assembled)
                {
                    return null; // more parts to come
                }

                if (assembled != placeholder.Checksum)
                {
                    _splitPull.Forget(relay);
                    throw new PayloadIntegrityException($"{relay.Path}: its parts passed their checks but the whole file does not match the placeholder's checksum; parts fetched again");
                }

                checksum = assembled;
            }
            else
            {
                checksum = await DownloadWholeAsync(relay, placeholder, temp, transfer, cancellationToken);
            }

            _splitPull.Forget(relay); // a spooled whole payload has served (or failed: fetched afresh next time)
            if (checksum != placeholder.Checksum)
            {
                // The placeholder may have changed between the listing and our lock: look again.
                var fresh = await context.Placeholders.ReadAsync(relay.PlaceholderPath, null, cancellationToken, fresh: true);
                if (fresh?.Checksum != checksum)
                {
                    throw new PayloadIntegrityException($"{relay.Path}: checksum of the relay copy does not match its placeholder (corrupt or incomplete upload); relay copy kept");
                }

                placeholder = fresh;
            }

            if (placeholder.Timestamp is { } ts)
            {
                File.SetLastWriteTimeUtc(temp, DateTimeOffset.FromUnixTimeSeconds(ts).UtcDateTime);
            }

            if (!StillAsExpected(finalPath, expectLocal))
            {
                context.Logger.LogInformation("{Path} changed locally during the pull; relay version not installed", target);
                return null;
            }

            var staged = new FileInfo(temp);
            var record = new FileRecord(checksum, placeholder.Timestamp ?? 0, staged.Length, staged.LastWriteTimeUtc.Ticks, FileOrigin.Pulled);
            context.State.SetPendingInstall(target.Value, record); // a crash right after the rename is still known as this pull
            File.Move(temp, finalPath, overwrite: true);
            Durable.FsyncDirectory(Path.GetDirectoryName(finalPath)!);
            var installed = new FileInfo(finalPath);
            context.State.Put(target.Value, record with { LocalSize = installed.Length, LocalMtimeTicks = installed.LastWriteTimeUtc.Ticks });
            if (placeholder.Parts is > 0)
            {
                _splitPull.Forget(relay);
            }

            context.Logger.LogInformation("pulled {Path} ({Size}) from {Pusher}", target, Sizes.Human(installed.Length), placeholder.Pusher ?? "?");
            return placeholder;
        }
        catch (PayloadIntegrityException) when (placeholder.Parts is not > 0)
        {
            _splitPull.Forget(relay); // a spooled payload that fails is fetched afresh, never completed
            throw;
        }
        finally
        {
            _inFlight.TryRemove(target, out _);
            TryDelete(temp);
        }
    }

    /// <summary>Downloads and decodes a whole payload into <paramref name="temp"/>, hashing the plaintext; returns its checksum.</summary>
    private async Task<string> DownloadWholeAsync(RelayFileState relay, Placeholder placeholder, string temp, Status.Transfer transfer, CancellationToken cancellationToken)
    {
        using (var hash = context.Codec.CreateChecksum())
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await using var payload = await OpenPayloadAsync(relay, placeholder, transfer, cancellationToken);
                var hashing = new HashingStream(file, hash, leaveOpen: true, payload is FileStream ? null : transfer.Add);
                var info = new PayloadInfo(relay.Path.Value, -1, placeholder.Timestamp ?? 0);
                await context.Codec.DecodeAsync(payload, hashing, info, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            return Checksums.Hex(hash);
        }
    }

    /// <summary>
    /// The payload to decode: a big one is first brought into the spool, continuing a download that was cut
    /// (<see cref="Parts.ResumableDownload"/>); a small one streams from the relay.
    /// </summary>
    private async Task<Stream> OpenPayloadAsync(RelayFileState relay, Placeholder placeholder, Status.Transfer transfer, CancellationToken cancellationToken)
    {
        if (relay.Payload is not { Size: >= Parts.ResumableDownload.WholeThreshold } listed || placeholder.Checksum is null)
        {
            return Bandwidth.BandwidthLimits.Throttle(await Store.OpenReadAsync(relay.Path, 0, cancellationToken), context.Bandwidth.Download);
        }

        var spool = Parts.PartSpool.Open(context.State.Folder, relay.Path.Value, $"{placeholder.Checksum} whole {listed.Size}");
        await Parts.ResumableDownload.FetchAsync(context, relay.Path, listed.Size, spool.EncodedFile(0), transfer, cancellationToken);
        return new FileStream(spool.EncodedFile(0), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    /// <summary>Adds this node to the placeholder's pullers and frees the payload when every expected puller has it (returns whether it did).</summary>
    public async Task<bool> RegisterAsync(RelayFileState relay, Placeholder placeholder, CancellationToken cancellationToken)
    {
        var me = Options.Client;
        if (placeholder.Pusher == me)
        {
            return false;
        }

        if (placeholder.Parts is > 0 && relay.Parts.Count > 0)
        {
            placeholder = await _splitPull.RegisterListedAsync(relay, placeholder, cancellationToken); // parts first: then the name below says "all of it"
        }

        if (!placeholder.HasPuller(me))
        {
            if (Store.Capabilities.Append && placeholder.HasPullersMarker)
            {
                await Store.AppendAsync(relay.PlaceholderPath, Encoding.UTF8.GetBytes("\n" + me), cancellationToken);
            }
            else
            {
                // No append: re-read under our lock so that no other puller's name is dropped.
                placeholder = await context.Placeholders.ReadAsync(relay.PlaceholderPath, null, cancellationToken, fresh: true) ?? placeholder;
                await Store.WriteAsync(relay.PlaceholderPath, new MemoryStream(placeholder.WithPuller(me).ToBytes()), WriteMode.Overwrite, cancellationToken);
            }

            context.Placeholders.Invalidate(relay.PlaceholderPath);
            placeholder = placeholder.WithPuller(me);
        }

        if (relay.Payload is not null && context.IsDelivered(placeholder))
        {
            await Store.DeleteAsync(relay.Path, cancellationToken);
            context.Logger.LogInformation("{Path}: every expected puller has it; removed from the relay", relay.Path);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Uploads a held version again (its payload left the relay, or was lost, before <paramref name="owed"/>
    /// had it), then names them in the placeholder's expected pullers so the payload waits for them. The
    /// version stays the same: pusher, timestamp, checksum and the pullers so far are kept.
    /// </summary>
    public async Task RepushPayloadAsync(RelayFileState relay, LocalFile local, Placeholder placeholder, IReadOnlyList<string> owed, CancellationToken cancellationToken)
    {
        await using (var fs = OpenLocalRead(local.FullPath))
        {
            var info = new PayloadInfo(relay.Path.Value, local.Size, placeholder.Timestamp ?? local.MtimeSeconds);
            await Store.WriteAsync(relay.Path, Bandwidth.BandwidthLimits.Throttle(context.Codec.Encode(fs, info), context.Bandwidth.Upload), WriteMode.Overwrite, cancellationToken);
        }

        // A new upload: a new push time for payload expiry, and no "expired" mark any more.
        var restamped = context.Restamp(placeholder);
        if (owed.Count > 0 || !ReferenceEquals(restamped, placeholder))
        {
            var expect = owed.Count > 0 ? (placeholder.Expect ?? []).Union(owed, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() : placeholder.Expect;
            await Store.WriteAsync(relay.PlaceholderPath, new MemoryStream((restamped with { Expect = expect }).ToBytes()), WriteMode.Overwrite, cancellationToken);
            context.Placeholders.Invalidate(relay.PlaceholderPath);
        }

        if (owed.Count > 0)
        {
            context.Logger.LogInformation("{Path}: uploaded again for {Owed}, who lack it", relay.Path, string.Join(", ", owed.Select(RelayPath.Printable)));
        }
        else
        {
            context.Logger.LogInformation("{Path}: payload missing on the relay before every puller had it; uploaded again", relay.Path);
        }
    }

    /// <summary>
    /// Sends a deletion: a tombstone placeholder (this node, now, the deleted version's checksum, the members
    /// to tell), then the payload of the deleted version goes. With nobody to tell, placeholder and payload
    /// simply leave the relay. Called under the file's write lock.
    /// </summary>
    public async Task<Placeholder?> WriteTombstoneAsync(RelayFileState relay, FileRecord deleted, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow().ToUnixTimeSeconds();
        var expect = context.ExpectedAtPush();
        Placeholder? tombstone = null;
        if (expect.Count > 0 || Options.PullerCount is not null)
        {
            tombstone = new Placeholder(Options.Client, now, deleted.Checksum, []) { Expect = expect, Deleted = now };
            await Store.WriteAsync(relay.PlaceholderPath, new MemoryStream(tombstone.ToBytes()), WriteMode.Overwrite, cancellationToken);
        }

        await Store.DeleteAsync(relay.Path, cancellationToken);
        await DeletePartsAsync(relay, cancellationToken);
        if (tombstone is null)
        {
            await Store.DeleteAsync(relay.PlaceholderPath, cancellationToken);
        }

        context.Placeholders.Invalidate(relay.PlaceholderPath);
        context.State.Remove(relay.Path.Value);
        context.Logger.LogInformation("deleted {Path}: {Who}", relay.Path,
            tombstone is null ? "no other node to tell; removed from the relay" : $"the deletion goes to {(expect.Count > 0 ? string.Join(", ", expect.Select(RelayPath.Printable)) : "the other nodes")}");
        return tombstone;
    }

    /// <summary>
    /// Publishes a renamed file without its content: a placeholder naming the old path as its source, no
    /// payload. Pullers that hold that content install it from their own disk. Called under the write lock.
    /// </summary>
    public async Task<Placeholder> WriteRenameAsync(RelayFileState relay, LocalFile local, string checksum, RelayPath source, CancellationToken cancellationToken)
    {
        var placeholder = new Placeholder(Options.Client, local.MtimeSeconds, checksum, []) { Expect = context.ExpectedAtPush(), Source = source.Value };
        await Store.DeleteAsync(relay.Path, cancellationToken); // an older version's payload under the new name
        await DeletePartsAsync(relay, cancellationToken);
        await Store.WriteAsync(relay.PlaceholderPath, new MemoryStream(placeholder.ToBytes()), WriteMode.Overwrite, cancellationToken);
        context.Placeholders.Invalidate(relay.PlaceholderPath);
        context.State.Put(relay.Path.Value, new FileRecord(checksum, local.MtimeSeconds, local.Size, local.MtimeUtc.Ticks, FileOrigin.Pushed));
        if (context.State.IsQueued(relay.Path.Value))
        {
            context.State.Dequeue(relay.Path.Value);
        }

        context.Logger.LogInformation("renamed {Source} to {Path}: content not uploaded, the other nodes hold it", source, relay.Path);
        return placeholder;
    }

    /// <summary>
    /// Installs a version from a copy this node already holds (the source of a rename, or its trashed copy):
    /// copied to a temp file, verified against the placeholder's checksum, then renamed into place like a
    /// pull. Returns null when the copy does not match (the caller downloads instead) or the target changed.
    /// </summary>
    public async Task<Placeholder?> InstallCopyAsync(RelayPath target, Placeholder placeholder, string copyFrom, CancellationToken cancellationToken)
    {
        var root = Options.LocalRoot;
        LocalPaths.EnsureParent(root, target);
        var finalPath = LocalPaths.Resolve(root, target);
        var temp = Path.Combine(Path.GetDirectoryName(finalPath)!, LocalTempPrefix + Guid.NewGuid().ToString("N")[..16]);
        try
        {
            string checksum;
            using (var hash = context.Codec.CreateChecksum())
            {
                await using (var source = OpenLocalRead(copyFrom))
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                {
                    var hashing = new HashingStream(file, hash, leaveOpen: true);
                    await source.CopyToAsync(hashing, 1 << 16, cancellationToken);
                    await file.FlushAsync(cancellationToken);
                    file.Flush(flushToDisk: true);
                }

                checksum = Checksums.Hex(hash);
            }

            if (checksum != placeholder.Checksum || !StillAsExpected(finalPath, null))
            {
                return null;
            }

            if (placeholder.Timestamp is { } ts)
            {
                File.SetLastWriteTimeUtc(temp, DateTimeOffset.FromUnixTimeSeconds(ts).UtcDateTime);
            }

            var staged = new FileInfo(temp);
            var record = new FileRecord(checksum, placeholder.Timestamp ?? 0, staged.Length, staged.LastWriteTimeUtc.Ticks, FileOrigin.Pulled);
            context.State.SetPendingInstall(target.Value, record);
            File.Move(temp, finalPath, overwrite: false);
            Durable.FsyncDirectory(Path.GetDirectoryName(finalPath)!);
            context.State.Put(target.Value, record);
            context.Logger.LogInformation("installed {Path} from this node's own copy (renamed by {Pusher})", target, placeholder.Pusher ?? "?");
            return placeholder;
        }
        catch (IOException) when (!File.Exists(copyFrom))
        {
            return null; // the copy went away meanwhile
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Removes our temp files left in the local folder by an interrupted pull.</summary>
    public static int CleanLocalTemps(string root)
    {
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var removed = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var f in Directory.EnumerateFiles(root, LocalTempPrefix + "*", options))
        {
            TryDelete(f);
            removed++;
        }

        return removed;
    }

    /// <summary>Removes the listed parts of a split version this one replaces (they would hold quota for ever).</summary>
    private async Task DeletePartsAsync(RelayFileState relay, CancellationToken cancellationToken)
    {
        foreach (var (index, (count, _)) in relay.Parts)
        {
            await Store.DeleteAsync(relay.PartPath(index, count), cancellationToken);
        }
    }

    private static bool LocalChanged(LocalFile local)
    {
        var now = new FileInfo(local.FullPath);
        return !now.Exists || now.Length != local.Size || now.LastWriteTimeUtc != local.MtimeUtc;
    }

    private static bool StillAsExpected(string path, LocalFile? expected)
    {
        var info = new FileInfo(path);
        if (expected is null)
        {
            return !info.Exists;
        }

        return info.Exists && info.Length == expected.Size && info.LastWriteTimeUtc == expected.MtimeUtc;
    }

    private static FileStream OpenLocalRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
