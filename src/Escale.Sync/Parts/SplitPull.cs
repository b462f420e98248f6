using Escale.Crypto;
using Escale.Relay;
using Escale.Sync.Protocol;
using Escale.Sync.Scanning;
using Microsoft.Extensions.Logging;

namespace Escale.Sync.Parts;

/// <summary>
/// Pulls a split version part by part (issue 15), under the file's read lock: takes the parts listed and not yet
/// held, in parallel up to <c>transfers</c>; each one is downloaded into the spool (continuing a cut download at its
/// offset), decoded and checked on its own (aead: authenticated and bound to the file and index; every codec: its
/// digest in <c>part-sums:</c>), then this node is added to the part's pullers and the part leaves the relay once
/// every expected puller has it. The file is assembled only when every part is held; the caller installs it after
/// comparing the whole-file checksum with the placeholder's.
/// </summary>
internal sealed class SplitPull(SyncContext context)
{
    private IRelayStore Store => context.Store;

    private IPayloadCodec Codec => context.Codec;

    private string StateFolder => context.State.Folder;

    /// <summary>Whether the relay lists a part of this version that this node does not hold yet (something to pull).</summary>
    public bool HasNews(RelayFileState relay, Placeholder ph)
    {
        if (ph.Parts is not { } n || relay.Parts.Count == 0)
        {
            return false;
        }

        var version = PartSpool.VersionOf(ph.Checksum, n);
        return relay.Parts.Any(p => p.Value.Count == n && !PartSpool.Holds(StateFolder, relay.Path.Value, version, p.Key))
            || Enumerable.Range(1, n).All(i => PartSpool.Holds(StateFolder, relay.Path.Value, version, i));
    }

    /// <summary>
    /// Takes what is there; when every part is held, writes the file into <paramref name="temp"/> and returns its
    /// checksum, else null (the rest comes in later passes).
    /// </summary>
    public async Task<string?> PullAsync(RelayFileState relay, Placeholder ph, string temp, Status.Transfer transfer, CancellationToken cancellationToken)
    {
        var n = ph.Parts!.Value;
        if (ph.PartSums is not { } sums || sums.Count != n)
        {
            throw new PayloadIntegrityException($"{relay.Path}: split in {n} parts but its placeholder lists {ph.PartSums?.Count ?? 0} part digests; relay copy kept");
        }

        var spool = PartSpool.Open(StateFolder, relay.Path.Value, PartSpool.VersionOf(ph.Checksum, n));
        var me = context.Options.Client;
        var unregistered = relay.Parts.Where(p => p.Value.Count == n && spool.Has(p.Key) && !ph.PullersOfPart(p.Key).Contains(me, StringComparer.Ordinal)).Select(p => p.Key).ToList();
        if (unregistered.Count > 0)
        {
            ph = await RegisterAsync(relay, ph, unregistered, cancellationToken); // spooled by a run killed before it said so
        }

        var todo = relay.Parts.Where(p => p.Value.Count == n && !spool.Has(p.Key)).Select(p => (Index: p.Key, p.Value.Entry)).ToList();
        var registering = new SemaphoreSlim(1, 1);
        var current = ph;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, Math.Min(context.Options.Parallelism, Math.Max(1, Store.Capabilities.Parallelism))),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(todo, parallel, async (part, token) =>
        {
            await FetchAsync(relay, n, part.Index, part.Entry, sums[part.Index - 1], spool, ph.Timestamp ?? 0, transfer, token);
            await registering.WaitAsync(token);
            try
            {
                current = await RegisterAsync(relay, current, [part.Index], token);
            }
            finally
            {
                registering.Release();
            }
        });

        var held = Enumerable.Range(1, n).Count(spool.Has);
        if (held < n)
        {
            context.Logger.LogInformation("{Path}: {Held} of {Count} parts here; waits for the rest", relay.Path, held, n);
            return null;
        }

        using var hash = Codec.CreateChecksum();
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            var hashing = new HashingStream(file, hash, leaveOpen: true);
            for (var i = 1; i <= n; i++)
            {
                await using var source = new FileStream(spool.PartFile(i), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await source.CopyToAsync(hashing, 1 << 16, cancellationToken);
            }

            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }

        return Checksums.Hex(hash);
    }

    /// <summary>The spool is no longer needed (installed, or the whole failed its checksum: start again).</summary>
    public void Forget(RelayFileState relay) => PartSpool.Delete(StateFolder, relay.Path.Value);

    private async Task FetchAsync(RelayFileState relay, int count, int index, RelayEntry entry, string sum, PartSpool spool, long mtime, Status.Transfer transfer, CancellationToken cancellationToken)
    {
        var source = relay.PartPath(index, count);
        var encoded = spool.EncodedFile(index);
        // Resume: what was received before a cut or a kill -9 is kept and completed from its offset. It is not
        // trusted: the part's own check below covers every byte, old and new.
        await ResumableDownload.FetchAsync(context, source, entry.Size, encoded, transfer, cancellationToken);

        using var hash = Codec.CreateChecksum();
        try
        {
            await using var input = new FileStream(encoded, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using var output = new FileStream(spool.TempFile(index), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            var hashing = new HashingStream(output, hash, leaveOpen: true);
            await Codec.DecodeAsync(input, hashing, new PayloadInfo(PartPlan.BindingOf(relay.Path.Value, index, count), -1, mtime), cancellationToken);
            await output.FlushAsync(cancellationToken);
            output.Flush(flushToDisk: true);
        }
        catch (PayloadIntegrityException e)
        {
            spool.Discard(index);
            throw new PayloadIntegrityException($"{relay.Path}: part {index} of {count} fails its check ({e.Message}); relay copy kept", e);
        }

        if (Checksums.Hex(hash) != sum)
        {
            spool.Discard(index);
            throw new PayloadIntegrityException($"{relay.Path}: part {index} of {count} does not match its digest in the placeholder; relay copy kept");
        }

        spool.Commit(index);
    }

    /// <summary>
    /// This node holds the whole version (installed, or found equal): it is named for every part still listed, so
    /// that a part it took in a run killed before registering does not wait on the relay for ever.
    /// </summary>
    public async Task<Placeholder> RegisterListedAsync(RelayFileState relay, Placeholder ph, CancellationToken cancellationToken)
    {
        var me = context.Options.Client;
        var listed = relay.Parts.Where(p => p.Value.Count == ph.Parts && !ph.PullersOfPart(p.Key).Contains(me, StringComparer.Ordinal)).Select(p => p.Key).ToList();
        return listed.Count == 0 ? ph : await RegisterAsync(relay, ph, listed, cancellationToken);
    }

    /// <summary>
    /// Adds this node to the pullers of these parts (the placeholder re-read under the lock, so nobody's name is
    /// dropped; one write) and frees each part whose pullers are now every expected puller.
    /// </summary>
    private async Task<Placeholder> RegisterAsync(RelayFileState relay, Placeholder current, IReadOnlyList<int> indexes, CancellationToken cancellationToken)
    {
        var me = context.Options.Client;
        var fresh = await context.Placeholders.ReadAsync(relay.PlaceholderPath, null, cancellationToken, fresh: true);
        if (fresh is null || fresh.Checksum != current.Checksum || fresh.Parts != current.Parts)
        {
            return current; // the version moved on: its parts are no longer ours to free
        }

        var updated = indexes.Aggregate(fresh, (ph, index) => ph.WithPartPuller(index, me));
        if (!ReferenceEquals(updated, fresh))
        {
            await Store.WriteAsync(relay.PlaceholderPath, new MemoryStream(updated.ToBytes()), WriteMode.Overwrite, cancellationToken);
            context.Placeholders.Invalidate(relay.PlaceholderPath);
        }

        foreach (var index in indexes.Where(i => context.IsDelivered(updated with { Pullers = updated.PullersOfPart(i) })))
        {
            await Store.DeleteAsync(relay.PartPath(index, current.Parts!.Value), cancellationToken);
            context.Logger.LogDebug("{Path}: part {Index} of {Count} reached every expected puller; removed from the relay", relay.Path, index, current.Parts);
        }

        return updated;
    }
}
