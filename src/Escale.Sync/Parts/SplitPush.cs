using Escale.Crypto;
using Escale.Relay;
using Escale.Sync.Protocol;
using Escale.Sync.Scanning;
using Escale.Sync.State;
using Microsoft.Extensions.Logging;

namespace Escale.Sync.Parts;

/// <summary>
/// Pushes a big file as numbered parts (issue 15), one pass at a time, under the file's write lock. The first pass
/// that has room removes the previous version (payload or parts) and writes the placeholder (<c>parts: N</c>,
/// <c>part-sums:</c>); each pass then uploads the missing parts that fit in the quota, in parallel up to
/// <c>transfers</c>, and journals each one confirmed. The part is the unit of upload resume: stores cannot append
/// at an offset, so a part cut in the middle is uploaded again whole (at most one part per transfer slot).
/// </summary>
internal sealed class SplitPush(SyncContext context)
{
    private IRelayStore Store => context.Store;

    private IPayloadCodec Codec => context.Codec;

    private string StateFolder => context.State.Folder;

    /// <summary>Whether this node has an unfinished split push of exactly the version it recorded and the relay names.</summary>
    public bool Pending(string relayPath, FileRecord record, LocalFile local, Placeholder ph)
    {
        if (ph.Parts is null || PushJournal.Load(StateFolder, relayPath) is not { } journal)
        {
            return false;
        }

        if (journal.Checksum != record.Checksum || journal.Checksum != ph.Checksum || journal.Size != local.Size
            || journal.MtimeTicks != local.MtimeUtc.Ticks || !journal.Published)
        {
            PushJournal.Delete(StateFolder, relayPath); // another version won meanwhile
            return false;
        }

        return journal.Missing.Any();
    }

    public async Task<(SplitPushOutcome Outcome, Placeholder? Placeholder)> PushAsync(
        RelayFileState relay, LocalFile local, string? expectedChecksum, PartPlan plan, Placeholder? current,
        Func<long, bool> reserve, Action<long> release, Status.Transfer transfer, CancellationToken cancellationToken)
    {
        var path = relay.Path.Value;
        var journal = PushJournal.Load(StateFolder, path);
        if (journal is null || !journal.IsFor(local.Size, local.MtimeUtc.Ticks, plan) || (expectedChecksum is not null && journal.Checksum != expectedChecksum))
        {
            var hashed = await HashAsync(local, plan, cancellationToken);
            if (hashed is null || (expectedChecksum is not null && hashed.Value.Checksum != expectedChecksum))
            {
                return (SplitPushOutcome.Changed, null);
            }

            journal = PushJournal.Create(StateFolder, path, hashed.Value.Checksum, local.Size, local.MtimeUtc.Ticks, plan, hashed.Value.Sums);
            journal.Save();
        }

        // A new version replaces the previous one's payload or parts: their room counts as free for it (as a whole
        // push counts only the difference), or an undelivered old version would hold the new one back for ever.
        var replaced = journal.Published ? 0 : (relay.Payload?.Size ?? 0) + relay.Parts.Values.Sum(p => p.Entry.Size);
        release(replaced);
        var todo = new List<int>();
        foreach (var i in journal.Missing)
        {
            if (!reserve(Codec.EncodedLength(plan.LengthOf(i))))
            {
                break;
            }

            todo.Add(i);
        }

        if (todo.Count == 0)
        {
            release(-replaced); // nothing replaced after all
            return (SplitPushOutcome.Waiting, null);
        }

        var placeholder = journal.Published && current is { Parts: not null } && current.Checksum == journal.Checksum
            ? current
            : await PublishAsync(relay, local, journal, cancellationToken);
        var changed = false;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, Math.Min(context.Options.Parallelism, Math.Max(1, Store.Capabilities.Parallelism))),
            CancellationToken = cancellationToken,
        };
        try
        {
            await Parallel.ForEachAsync(todo, parallel, async (i, token) =>
            {
                if (!Volatile.Read(ref changed) && !await UploadPartAsync(relay, local, journal, i, transfer, token))
                {
                    Volatile.Write(ref changed, true);
                }
            });
        }
        catch (IOException) when (LocalChanged(local))
        {
            changed = true; // the codec refuses a plaintext whose length changed while streaming
        }

        if (changed || LocalChanged(local))
        {
            context.Logger.LogInformation("{Path} changed while its parts were pushed; will push again", relay.Path);
            return (SplitPushOutcome.Changed, null);
        }

        var up = journal.Up.Count;
        if (up < plan.Count)
        {
            context.Logger.LogInformation("{Path}: {Up} of {Count} parts on the relay; the rest follows as pullers free room", relay.Path, up, plan.Count);
            return (SplitPushOutcome.Partial, placeholder);
        }

        PushJournal.Delete(StateFolder, path);
        context.Logger.LogInformation("pushed {Path} ({Size}) in {Count} parts", relay.Path, Sizes.Human(local.Size), plan.Count);
        return (SplitPushOutcome.Complete, placeholder);
    }

    /// <summary>
    /// Catch-up of a split version (issue 15): this node holds the version byte-identical (its pusher or a puller)
    /// and <paramref name="owed"/> lack it while none of its parts is on the relay. The file is cut as the placeholder
    /// says, checked once against its checksum and <c>part-sums:</c> (a node whose <c>split size</c> cuts it otherwise
    /// cannot serve it: null), then a journal lists as already up every part that the owed all took; the owed join
    /// <c>expect:</c> and the version loses its <c>pushed:</c> and <c>expired:</c> lines (no deadline while parts
    /// still go up: <see cref="PushAsync"/> continues it over passes and the caller stamps it when complete).
    /// The version stays the same: pusher, timestamp, checksum, part digests, pullers.
    /// </summary>
    public async Task<Placeholder?> StartCatchUpAsync(RelayFileState relay, LocalFile local, Placeholder fresh, PartPlan plan, IReadOnlyList<string> owed, CancellationToken cancellationToken)
    {
        if (fresh.Parts != plan.Count || fresh.PartSums is not { } sums || sums.Count != plan.Count
            || await HashAsync(local, plan, cancellationToken) is not { } hashed
            || hashed.Checksum != fresh.Checksum || !hashed.Sums.SequenceEqual(sums, StringComparer.Ordinal))
        {
            return null;
        }

        var path = relay.Path.Value;
        var journal = PushJournal.Create(StateFolder, path, hashed.Checksum, local.Size, local.MtimeUtc.Ticks, plan, hashed.Sums);
        journal.Published = true;
        var listed = relay.Parts.Where(p => p.Value.Count == plan.Count).Select(p => p.Key);
        var taken = Enumerable.Range(1, plan.Count).Where(i => owed.All(o => fresh.PullersOfPart(i).Contains(o, StringComparer.Ordinal)));
        journal.Up = [.. taken.Union(listed)];
        journal.Save();

        var expect = (fresh.Expect ?? []).Union(owed, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var placeholder = fresh with { Expect = expect, Pushed = null, Expired = null };
        await Store.WriteAsync(relay.PlaceholderPath, new MemoryStream(placeholder.ToBytes()), WriteMode.Overwrite, cancellationToken);
        context.Placeholders.Invalidate(relay.PlaceholderPath);
        context.Logger.LogInformation("{Path}: {Missing} of its {Count} parts go up again for {Owed}, who lack it", relay.Path, journal.Missing.Count(), plan.Count,
            string.Join(", ", owed.Select(Escale.Core.Paths.RelayPath.Printable)));
        return placeholder;
    }

    /// <summary>The previous version leaves the relay (payload, parts), then the placeholder names this one.</summary>
    private async Task<Placeholder> PublishAsync(RelayFileState relay, LocalFile local, PushJournal journal, CancellationToken cancellationToken)
    {
        if (relay.Payload is not null)
        {
            await Store.DeleteAsync(relay.Path, cancellationToken);
        }

        foreach (var (index, (count, _)) in relay.Parts)
        {
            await Store.DeleteAsync(relay.PartPath(index, count), cancellationToken);
        }

        var placeholder = new Placeholder(context.Options.Client, local.MtimeSeconds, journal.Checksum, [], journal.Count)
        {
            Expect = context.ExpectedAtPush(),
            PartSums = journal.Sums,
        };
        await Store.WriteAsync(relay.PlaceholderPath, new MemoryStream(placeholder.ToBytes()), WriteMode.Overwrite, cancellationToken);
        context.Placeholders.Invalidate(relay.PlaceholderPath);
        context.State.Put(relay.Path.Value, new FileRecord(journal.Checksum, local.MtimeSeconds, local.Size, local.MtimeUtc.Ticks, FileOrigin.Pushed));
        if (context.State.IsQueued(relay.Path.Value))
        {
            context.State.Dequeue(relay.Path.Value);
        }

        journal.Published = true;
        journal.Up.Clear(); // every listed part was just removed: a republished version starts again
        journal.Save();
        return placeholder;
    }

    /// <summary>Uploads one part and journals it once the relay lists it at its exact size; false when the local file changed.</summary>
    private async Task<bool> UploadPartAsync(RelayFileState relay, LocalFile local, PushJournal journal, int index, Status.Transfer transfer, CancellationToken cancellationToken)
    {
        var plan = journal.Plan;
        var length = plan.LengthOf(index);
        var target = relay.PartPath(index, plan.Count);
        using var hash = Codec.CreateChecksum();
        await using (var slice = new SliceStream(local.FullPath, plan.Offset(index), length))
        {
            var hashing = new HashingStream(slice, hash, leaveOpen: true, transfer.Add);
            var info = new PayloadInfo(PartPlan.BindingOf(relay.Path.Value, index, plan.Count), length, local.MtimeSeconds);
            var encoded = Bandwidth.BandwidthLimits.Throttle(Codec.Encode(hashing, info), context.Bandwidth.Upload);
            await Store.WriteAsync(target, encoded, WriteMode.Overwrite, cancellationToken);
        }

        if (Checksums.Hex(hash) != journal.Sums[index - 1])
        {
            return false;
        }

        var expected = Codec.EncodedLength(length);
        if (await Store.StatAsync(target, cancellationToken) is not { } listed || listed.Size != expected)
        {
            throw new IOException($"{target}: the relay does not hold the {expected} bytes just uploaded; the part goes again next pass");
        }

        journal.MarkUp(index);
        return true;
    }

    /// <summary>One read of the file: the whole-file checksum (the placeholder's) and each part's digest; null if it changed meanwhile.</summary>
    private async Task<(string Checksum, List<string> Sums)?> HashAsync(LocalFile local, PartPlan plan, CancellationToken cancellationToken)
    {
        using var whole = Codec.CreateChecksum();
        var sums = new List<string>(plan.Count);
        var buffer = new byte[1 << 16];
        await using (var fs = new FileStream(local.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            for (var i = 1; i <= plan.Count; i++)
            {
                using var part = Codec.CreateChecksum();
                var left = plan.LengthOf(i);
                while (left > 0)
                {
                    var n = await fs.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
                    if (n == 0)
                    {
                        return null; // shorter than when scanned
                    }

                    whole.AppendData(buffer, 0, n);
                    part.AppendData(buffer, 0, n);
                    left -= n;
                }

                sums.Add(Checksums.Hex(part));
            }
        }

        return LocalChanged(local) ? null : (Checksums.Hex(whole), sums);
    }

    private static bool LocalChanged(LocalFile local)
    {
        var now = new FileInfo(local.FullPath);
        return !now.Exists || now.Length != local.Size || now.LastWriteTimeUtc != local.MtimeUtc;
    }
}
