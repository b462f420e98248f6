using System.Globalization;
using Escale.Core.Paths;
using Escale.Sync.Scanning;

namespace Escale.Sync.Deletions;

/// <summary>
/// The local <c>.escale-trash</c> folder: a file deleted by another node is moved here, never unlinked,
/// under a folder named for the day (<c>.escale-trash/2026-12-07/docs/a.txt</c>), so a user finds it by
/// date and path and a whole day is dropped once older than <c>trash days</c>. A dot-folder: never scanned,
/// never pushed.
/// </summary>
public sealed class Trash(string root, TimeSpan keep, TimeProvider time)
{
    public const string FolderName = ".escale-trash";

    private const string DayFormat = "yyyy-MM-dd";
    private long _lastPurge = long.MinValue;

    public string Folder => Path.Combine(root, FolderName);

    /// <summary>Moves a local file into today's trash folder; returns where it went (relative to the local root).</summary>
    public string MoveIn(RelayPath path)
    {
        var source = LocalPaths.Resolve(root, path);
        var day = time.GetUtcNow().ToString(DayFormat, CultureInfo.InvariantCulture);
        var target = Path.Combine(Folder, day, path.Value);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var free = target;
        for (var n = 2; File.Exists(free) || Directory.Exists(free); n++)
        {
            // Deleted twice in one day: keep both, the later one numbered.
            free = Path.Combine(Path.GetDirectoryName(target)!, $"{Path.GetFileNameWithoutExtension(target)} ({n}){Path.GetExtension(target)}");
        }

        File.Move(source, free, overwrite: false);
        return Path.GetRelativePath(root, free);
    }

    /// <summary>
    /// Trashed copies of <paramref name="path"/>, newest first (for a rename whose source this node deleted
    /// already): newest day first, and within a day the numbered copies of later deletions (<c>a (2).txt</c>)
    /// before the plain name.
    /// </summary>
    public IEnumerable<string> CopiesOf(RelayPath path)
    {
        if (!Directory.Exists(Folder))
        {
            yield break;
        }

        var name = path.Name;
        var (stem, ext) = (Path.GetFileNameWithoutExtension(name), Path.GetExtension(name));
        foreach (var day in Directory.EnumerateDirectories(Folder).Order(StringComparer.Ordinal).Reverse())
        {
            var folder = Path.GetDirectoryName(Path.Combine(day, path.Value))!;
            if (!Directory.Exists(folder))
            {
                continue;
            }

            var copies = new List<(int N, string File)>();
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                var n = Path.GetFileName(file) is var f && f == name ? 1 : NumberOf(f, stem, ext);
                if (n > 0 && new FileInfo(file).LinkTarget is null)
                {
                    copies.Add((n, file));
                }
            }

            foreach (var (_, file) in copies.OrderByDescending(c => c.N))
            {
                yield return file;
            }
        }
    }

    /// <summary>N of a numbered copy "STEM (N)EXT" as <see cref="MoveIn"/> names it; 0 for any other name.</summary>
    private static int NumberOf(string fileName, string stem, string ext)
    {
        var prefix = stem + " (";
        var suffix = ")" + ext;
        if (fileName.Length <= prefix.Length + suffix.Length || !fileName.StartsWith(prefix, StringComparison.Ordinal) || !fileName.EndsWith(suffix, StringComparison.Ordinal))
        {
            return 0;
        }

        return int.TryParse(fileName.AsSpan(prefix.Length, fileName.Length - prefix.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 2 ? n : 0;
    }

    /// <summary>Drops the day folders older than the keep time; at most once an hour. Returns how many went.</summary>
    public int Purge()
    {
        var now = time.GetTimestamp();
        if (_lastPurge != long.MinValue && time.GetElapsedTime(_lastPurge, now) < TimeSpan.FromHours(1))
        {
            return 0;
        }

        _lastPurge = now;
        if (!Directory.Exists(Folder))
        {
            return 0;
        }

        var oldest = time.GetUtcNow().UtcDateTime.Date - keep;
        var removed = 0;
        foreach (var day in Directory.EnumerateDirectories(Folder))
        {
            if (DateTime.TryParseExact(Path.GetFileName(day), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
                && date < oldest && new DirectoryInfo(day).LinkTarget is null)
            {
                Directory.Delete(day, recursive: true);
                removed++;
            }
        }

        return removed;
    }
}
