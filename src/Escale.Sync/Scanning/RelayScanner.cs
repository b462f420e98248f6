using Escale.Core.Paths;
using Escale.Relay;
using Escale.Sync.Protocol;
using Microsoft.Extensions.Logging;

namespace Escale.Sync.Scanning;

/// <summary>
/// Walks the relay (Depth-1 listings, one per directory) and turns what it finds into a
/// <see cref="RelaySnapshot"/>. Every name is validated before it can reach the local folder: a
/// hostile name is refused and logged once per name, and never stops the others.
/// </summary>
public sealed class RelayScanner(IRelayStore store, ILogger logger, bool portableNames, int maxEntries = 1_000_000)
{
    private readonly HashSet<string> _reported = [];

    public async Task<RelaySnapshot> ScanAsync(CancellationToken cancellationToken)
    {
        var snapshot = new RelaySnapshot();
        var pending = new Queue<RelayPath>();
        pending.Enqueue(RelayPath.Root);
        var seen = 0;
        while (pending.Count > 0)
        {
            var dir = pending.Dequeue();
            var entries = new List<RelayEntry>();
            try
            {
                await foreach (var entry in store.ListAsync(dir, cancellationToken))
                {
                    if (++seen > maxEntries)
                    {
                        throw new RelayException(RelayErrorKind.Permanent, $"relay listing exceeds {maxEntries} entries; refusing to go on");
                    }

                    entries.Add(entry);
                }
            }
            catch (RelayException e) when (!dir.IsRoot && seen <= maxEntries && !cancellationToken.IsCancellationRequested)
            {
                // One folder whose listing is endless, malformed or refused must not cost the others their
                // pass: it is reported and skipped, and nothing below it is decided on this pass.
                logger.LogWarning("relay folder '{Dir}' skipped this pass: {Message}", RelayPath.Printable(dir.Value), RelayPath.Printable(e.Message));
                snapshot.Unlisted.Add(dir);
                continue;
            }

            var accepted = RefuseCollisions(dir, entries);
            foreach (var entry in accepted)
            {
                Classify(dir, entry, snapshot, pending);
            }
        }

        return snapshot;
    }

    private void Classify(RelayPath dir, RelayEntry entry, RelaySnapshot snapshot, Queue<RelayPath> pending)
    {
        if (entry.IsDirectory)
        {
            if (entry.Name.StartsWith('.'))
            {
                return; // not ours: local dot-folders are never synchronized either
            }

            if (Validate(dir, entry.Name) is { } sub)
            {
                snapshot.Directories.Add(sub);
                pending.Enqueue(sub);
            }

            return;
        }

        var kind = RelayNames.Classify(entry.Name, out var subject);
        switch (kind)
        {
            case RelayNameKind.Payload:
                if (Validate(dir, entry.Name) is { } payload)
                {
                    snapshot.GetOrAdd(payload).Payload = entry;
                }

                break;
            case RelayNameKind.Lock:
                if (Validate(dir, subject) is { } locked)
                {
                    snapshot.GetOrAdd(locked).Lock = entry;
                }

                break;
            case RelayNameKind.Placeholder:
                if (Validate(dir, subject) is { } recorded)
                {
                    snapshot.GetOrAdd(recorded).Placeholder = entry;
                }

                break;
            case RelayNameKind.Part:
                if (Validate(dir, subject) is { } split && Parts.PartNames.TryParse(entry.Name, out _, out var index, out var count))
                {
                    snapshot.GetOrAdd(split).Parts[index] = (count, entry);
                }

                break;
            case RelayNameKind.Member:
                if (dir.IsRoot)
                {
                    snapshot.MemberRecords.Add((subject, entry));
                }

                break;
            case RelayNameKind.TempUpload:
                if (RelayPath.ValidateComponent(entry.Name, false) is null)
                {
                    snapshot.TempUploads.Add((dir.Append(entry.Name), entry));
                }

                break;
            default:
                break; // .NAME.message and unknown dot-files: reserved or not ours
        }
    }

    private RelayPath? Validate(RelayPath dir, string name)
    {
        var full = dir.IsRoot ? name : dir.Value + "/" + name;
        if (RelayPath.ValidateComponent(name, portableNames) is { } bad)
        {
            Refuse(full, bad); // one listed entry is one component: "a/b" or "/etc/x" is hostile
            return null;
        }

        if (name.StartsWith('.'))
        {
            Refuse(full, "names starting with '.' are reserved");
            return null;
        }

        if (!RelayPath.TryParse(full, portableNames, out var path, out var reason))
        {
            Refuse(full, reason);
            return null;
        }

        return path;
    }

    /// <summary>
    /// Of user files whose names differ only by case or Unicode form, keeps the first (NFC spellings
    /// first, then ordinal) and refuses the others. The subject of a lock or placeholder counts as
    /// its file's name, so the choice stays stable after a payload leaves the relay (placeholders stay).
    /// </summary>
    private List<RelayEntry> RefuseCollisions(RelayPath dir, List<RelayEntry> entries)
    {
        string Subject(RelayEntry e)
        {
            if (e.IsDirectory)
            {
                return e.Name;
            }

            var kind = RelayNames.Classify(e.Name, out var subject);
            return kind is RelayNameKind.TempUpload or RelayNameKind.Part or RelayNameKind.OtherDotFile or RelayNameKind.Reserved or RelayNameKind.Member ? e.Name : subject;
        }

        var winners = new Dictionary<string, string>();
        foreach (var subject in entries.Select(Subject).Distinct()
                     .OrderBy(n => n.IsNormalized() ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal))
        {
            winners.TryAdd(RelayPath.CollisionKey(subject), subject);
        }

        var result = new List<RelayEntry>(entries.Count);
        foreach (var e in entries)
        {
            var subject = Subject(e);
            var first = winners[RelayPath.CollisionKey(subject)];
            if (first != subject)
            {
                Refuse((dir.IsRoot ? "" : dir.Value + "/") + e.Name, $"collides with '{first}' (differs only by case or Unicode form)");
                continue;
            }

            result.Add(e);
        }

        return result;
    }

    private void Refuse(string name, string reason)
    {
        lock (_reported)
        {
            if (_reported.Add(name + "\0" + reason))
            {
                logger.LogWarning("relay entry '{Name}' refused: {Reason}", RelayPath.Printable(name), reason);
            }
        }
    }
}
