using Escale.Core.Paths;
using Escale.Sync.Decisions;
using Escale.Sync.Deletions;
using Escale.Sync.Protocol;
using Escale.Sync.Scanning;
using Escale.Sync.State;
using Microsoft.Extensions.Logging;

namespace Escale.Sync;

/// <summary>
/// Deletions and renames between our nodes. A deletion travels as a tombstone: a placeholder with a
/// <c>deleted:</c> line and no payload, expected by the members known then, freed once each has applied
/// it. Applying means moving the local copy into <c>.escale-trash</c>, and only when it is the copy this
/// node last agreed on: an edit made meanwhile wins and is pushed again (a resurrection, never a loss).
/// A rename is a deletion of the old name plus a new version that names it as its source, so that nodes
/// holding the content install it from their own disk.
/// </summary>
public sealed partial class Reconciler
{
    private IReadOnlySet<RelayPath> _deleted = new HashSet<RelayPath>();
    private IReadOnlyDictionary<RelayPath, RelayPath> _renamedFrom = new Dictionary<RelayPath, RelayPath>();

    /// <summary>Before the pass decides: the files deleted here, and which new files are those renamed.</summary>
    private async Task FindDeletionsAsync(Dictionary<RelayPath, LocalFile> local, CancellationToken ct)
    {
        _deleted = new HashSet<RelayPath>();
        _renamedFrom = new Dictionary<RelayPath, RelayPath>();
        if (!Options.PropagateDeletions || !Options.MayPush)
        {
            return;
        }

        var records = _ctx.State.Snapshot();
        var gone = LocalDeletions.Find(records.Keys, local, SomethingThere, _localScanner.Unlisted, FolderEmpty(), out var refusal);
        if (refusal is not null)
        {
            SayOnce(RelayPath.Root, refusal);
        }

        _deleted = gone.ToHashSet();
        var renames = new Dictionary<RelayPath, RelayPath>();
        var bySize = gone.GroupBy(p => records[p.Value].LocalSize).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (path, file) in local.Where(kv => !records.ContainsKey(kv.Key.Value)))
        {
            if (!bySize.TryGetValue(file.Size, out var candidates) || candidates.Count == 0 || !IsSettled(path, file))
            {
                continue;
            }

            var sum = await LocalChecksumAsync(path, file, ct);
            var source = candidates.FirstOrDefault(c => records[c.Value].Checksum == sum);
            if (source != default)
            {
                candidates.Remove(source);
                renames[path] = source;
            }
        }

        _renamedFrom = renames;
    }

    private bool SomethingThere(RelayPath path)
    {
        var full = LocalPaths.Resolve(Options.LocalRoot, path);
        var info = new FileInfo(full);
        return info.Exists || info.LinkTarget is not null || Directory.Exists(full);
    }

    private bool FolderEmpty() =>
        !Directory.Exists(Options.LocalRoot) || !Directory.EnumerateFileSystemEntries(Options.LocalRoot).Any();

    /// <summary>This node deleted its agreed copy: send the deletion, unless the relay moved on to a newer version.</summary>
    private Task LocalDeletedAsync(RelayFileState relay, FileRecord record, Placeholder? ph, PassResult result, CancellationToken ct) =>
        WithLockAsync(relay, 'w', result, async () =>
        {
            if (!await StillAsDecidedAsync(relay, ph, ct) || SomethingThere(relay.Path))
            {
                result.AddDeferred();
                return;
            }

            var tombstone = await _transfers.WriteTombstoneAsync(relay, record, ct);
            if (tombstone is not null)
            {
                Remember(relay.Path, tombstone, payloadPresent: false);
            }

            result.AddDeleted();
        }, ct);

    /// <summary>
    /// Another node deleted this file; the decision (<see cref="FileDecision"/>) said which steps apply. All
    /// under the file's read lock, after checking the tombstone is still the one decided on: the agreed copy
    /// goes to the trash (unless edited this very moment), the record goes, this node says it applied the
    /// deletion, and the tombstone leaves once every expected node did.
    /// </summary>
    private Task TombstoneAsync(RelayFileState relay, LocalFile? local, Placeholder ph, TombstoneSteps steps, PassResult result, CancellationToken ct) =>
        WithLockAsync(relay, 'r', result, async () =>
        {
            if (!await StillAsDecidedAsync(relay, ph, ct))
            {
                result.AddDeferred();
                return;
            }

            if (steps.HasFlag(TombstoneSteps.Trash))
            {
                var now = new FileInfo(local!.FullPath);
                if (!now.Exists || now.Length != local.Size || now.LastWriteTimeUtc != local.MtimeUtc)
                {
                    result.AddDeferred(); // edited this very moment: decided again next pass
                    return;
                }

                var where = _trash.MoveIn(relay.Path);
                _ctx.State.Remove(relay.Path.Value);
                _ctx.Logger.LogInformation("{Path} deleted by {Pusher}; moved to {Trash}", relay.Path, ph.Pusher ?? "another node", where);
                result.AddDeleted();
            }
            else if (steps.HasFlag(TombstoneSteps.Forget))
            {
                _ctx.State.Remove(relay.Path.Value);
            }

            if (steps.HasFlag(TombstoneSteps.RemoveLeftoverPayload))
            {
                await _ctx.Store.DeleteAsync(relay.Path, ct); // the deleted version's payload, left by an interrupted delete
                relay.Payload = null;
            }

            var current = ph;
            if (steps.HasFlag(TombstoneSteps.Acknowledge))
            {
                // The same append as a pull's registration; with no payload, nothing is freed by it.
                await _transfers.RegisterAsync(relay, ph, ct);
                current = await _ctx.Placeholders.ReadAsync(relay.PlaceholderPath, null, ct, fresh: true) ?? ph.WithPuller(Me);
                result.AddRegistered();
            }

            if (steps.HasFlag(TombstoneSteps.Free) && _ctx.IsDelivered(current))
            {
                await _ctx.Store.DeleteAsync(relay.PlaceholderPath, ct);
                _ctx.Placeholders.Invalidate(relay.PlaceholderPath);
                _ctx.Logger.LogInformation("{Path}: every expected node applied its deletion; tombstone removed from the relay", relay.Path);
                result.AddFreed();
            }
        }, ct);

    /// <summary>A new local file that is a renamed one: publish it without its content.</summary>
    private Task PushRenameAsync(RelayFileState relay, LocalFile local, string checksum, RelayPath source, Placeholder? ph, PassResult result, CancellationToken ct) =>
        WithLockAsync(relay, 'w', result, async () =>
        {
            if (!await StillAsDecidedAsync(relay, ph, ct))
            {
                result.AddDeferred();
                return;
            }

            var written = await _transfers.WriteRenameAsync(relay, local, checksum, source, ct);
            Remember(relay.Path, written, payloadPresent: false);
            result.AddPushed();
        }, ct);

    /// <summary>
    /// A renamed version: install it from the copy this node holds (the source path, still unchanged since
    /// agreed, or its trashed copy). False when no copy matches; the caller then downloads or waits.
    /// </summary>
    private async Task<bool> InstallRenamedAsync(RelayFileState relay, Placeholder ph, PassResult result, CancellationToken ct)
    {
        if (ph.Source is null || !RelayPath.TryParse(ph.Source, false, out var source, out _) || !Options.MayPull)
        {
            return false;
        }

        // Looked at lazily: the same pass may be moving the source into the trash while this runs.
        IEnumerable<string> Copies()
        {
            if (_ctx.State.Get(source.Value) is { } held && held.Checksum == ph.Checksum)
            {
                yield return LocalPaths.Resolve(Options.LocalRoot, source);
            }

            foreach (var trashed in _trash.CopiesOf(source))
            {
                yield return trashed;
            }
        }

        var installed = false;
        await WithLockAsync(relay, 'r', result, async () =>
        {
            foreach (var copy in Copies().Where(File.Exists))
            {
                if (await _transfers.InstallCopyAsync(relay.Path, ph, copy, ct) is { } done)
                {
                    installed = true;
                    result.AddPulled();
                    await RegisterCountingAsync(relay, done, result, ct);
                    return;
                }
            }
        }, ct);
        return installed;
    }

    /// <summary>Whether this node's renamed version waited long enough for pullers to use their own copies.</summary>
    private bool RenameOverdue(RelayFileState relay, Placeholder ph) =>
        ph.Source is not null && ph.Pusher == Me && relay.Placeholder?.Modified is { } written
        && _ctx.Time.GetUtcNow() - written >= Options.RenameGrace;
}
