using Escale.Core.Paths;
using Escale.Sync.Scanning;

namespace Escale.Sync.Deletions;

/// <summary>
/// Which files this node deleted since it last agreed on them: a pure rule, tested as a table. A path
/// counts as deleted when this node holds a record for it, the scan did not see it, nothing at all is at
/// its place now (an ignored, filtered or linked file is still there: not deleted), and no folder above
/// it failed to list. When every recorded file vanished at once and the folder is empty, the folder is
/// taken to be absent (an unmounted disk, a mount point): nothing is deleted and the caller says why.
/// </summary>
public static class LocalDeletions
{
    public static IReadOnlyList<RelayPath> Find(
        IEnumerable<string> recorded,
        IReadOnlyDictionary<RelayPath, LocalFile> scanned,
        Func<RelayPath, bool> somethingThere,
        IReadOnlyCollection<RelayPath> unlisted,
        bool folderEmpty,
        out string? refusal)
    {
        refusal = null;
        var records = recorded.ToList();
        var gone = new List<RelayPath>();
        foreach (var text in records)
        {
            if (!RelayPath.TryParse(text, false, out var path, out _) || path.IsRoot || scanned.ContainsKey(path))
            {
                continue;
            }

            if (unlisted.Any(u => u.IsRoot || path.Value.StartsWith(u.Value + "/", StringComparison.Ordinal)) || somethingThere(path))
            {
                continue;
            }

            gone.Add(path);
        }

        if (gone.Count >= 2 && gone.Count == records.Count && folderEmpty)
        {
            refusal = $"the local folder is empty but {gone.Count} synchronized files were in it: taken for a folder that is not there (an unmounted disk?), so no deletion is sent; to really delete them all, leave any file in the folder (e.g. an empty .escaleignore)";
            return [];
        }

        return gone.Order().ToList();
    }
}
