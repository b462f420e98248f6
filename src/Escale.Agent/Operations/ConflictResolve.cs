using System.Globalization;
using Escale.Core.Paths;
using Escale.Sync;
using Escale.Sync.Deletions;
using Escale.Sync.Status;

namespace Escale.Agent.Operations;

/// <summary>
/// <c>escalectl resolve FILE --keep mine|theirs|both</c> on the local folder. Nothing is unlinked: what
/// is dropped goes to <c>.escale-trash</c> like a file another node deleted. The engine then sees ordinary
/// local changes: a trashed copy is a local deletion, a file that took the copy's content an edit to push,
/// a renamed copy a rename. Run by the agent (the "resolve" control command, which first refuses a file
/// in transfer) or, with none running, by escalectl under the state lock.
/// </summary>
public static class ConflictResolve
{
    public enum Keep
    {
        /// <summary>The file as it is here; the conflict copies go to the trash.</summary>
        Mine,

        /// <summary>The copy's content becomes the file; the file's old content goes to the trash.</summary>
        Theirs,

        /// <summary>Both stay: the copy is renamed to a plain name (<c>report (bob 2026-12-07 101500).txt</c>), so it is no longer a conflict copy.</summary>
        Both,
    }

    /// <param name="File">The file, relative to the local folder.</param>
    /// <param name="Copy">The conflict copy resolved (for <see cref="Keep.Mine"/> with several, the first).</param>
    /// <param name="Trashed">Where dropped versions went, relative to the local folder.</param>
    /// <param name="KeptCopyAs">For <see cref="Keep.Both"/>: the copy's new name.</param>
    public sealed record Outcome(string File, string Copy, IReadOnlyList<string> Trashed, string? KeptCopyAs);

    public static Keep ParseKeep(string text) => text.Trim().ToLowerInvariant() switch
    {
        "mine" => Keep.Mine,
        "theirs" => Keep.Theirs,
        "both" => Keep.Both,
        _ => throw new OperationException($"--keep: '{text}' is not one of mine, theirs, both"),
    };

    /// <summary>The file a path names and its conflict copies: <paramref name="path"/> may be the file or one copy (then only that copy).</summary>
    public static (string File, IReadOnlyList<ConflictCopy> Copies) Find(string localRoot, string path)
    {
        if (ConflictCopy.TryParse(path) is { } named)
        {
            if (named.File is null)
            {
                throw new OperationException($"{path}: the copy's name was shortened and no longer says which file it belongs to; rename or delete it by hand");
            }

            if (!System.IO.File.Exists(Full(localRoot, path)))
            {
                throw new OperationException($"{path}: no such conflict copy");
            }

            return (named.File, [named]);
        }

        var slash = path.LastIndexOf('/');
        var dir = slash < 0 ? "" : path[..slash];
        var folder = Full(localRoot, dir);
        var copies = !Directory.Exists(folder) ? [] : Directory.EnumerateFiles(folder, "*" + ConflictNames.Marker + "*")
            .Select(f => (dir.Length == 0 ? "" : dir + "/") + Path.GetFileName(f))
            .Select(ConflictCopy.TryParse)
            .OfType<ConflictCopy>()
            .Where(c => c.File == path && new FileInfo(Full(localRoot, c.Copy)).LinkTarget is null)
            .OrderBy(c => c.Made)
            .ToList();
        if (copies.Count == 0)
        {
            throw new OperationException($"{path}: no conflict copy beside it ('escalectl conflicts' lists them)");
        }

        return (path, copies);
    }

    public static Outcome Apply(string localRoot, string file, IReadOnlyList<ConflictCopy> copies, Keep keep, TimeProvider time)
    {
        if (keep != Keep.Mine && copies.Count > 1)
        {
            throw new OperationException($"{file}: {copies.Count} conflict copies ({string.Join(", ", copies.Select(c => c.Copy))}): name the one to keep instead of the file");
        }

        // The trash's keep time matters only when it is emptied, which is the engine's job.
        var trash = new Trash(localRoot, TimeSpan.MaxValue, time);
        var trashed = new List<string>();
        switch (keep)
        {
            case Keep.Mine:
                trashed.AddRange(copies.Select(c => Trashed(trash, c.Copy)));
                return new Outcome(file, copies[0].Copy, trashed, null);

            case Keep.Theirs:
                var target = Full(localRoot, file);
                if (System.IO.File.Exists(target))
                {
                    trashed.Add(Trashed(trash, file));
                }

                System.IO.File.Move(Full(localRoot, copies[0].Copy), target, overwrite: false);
                // A fresh time so the scanner sees an edit even when the copy's size and time match the old file's.
                System.IO.File.SetLastWriteTimeUtc(target, time.GetUtcNow().UtcDateTime);
                return new Outcome(file, copies[0].Copy, trashed, null);

            default:
                var kept = PlainName(localRoot, copies[0]);
                System.IO.File.Move(Full(localRoot, copies[0].Copy), Full(localRoot, kept), overwrite: false);
                return new Outcome(file, copies[0].Copy, trashed, kept);
        }
    }

    /// <summary><c>dir/report (bob 2026-12-07 101500).txt</c>, numbered when taken: no longer a conflict copy's name.</summary>
    public static string PlainName(string localRoot, ConflictCopy copy)
    {
        var file = copy.File!;
        var slash = file.LastIndexOf('/');
        var (dir, name) = slash < 0 ? ("", file) : (file[..(slash + 1)], file[(slash + 1)..]);
        var dot = name.LastIndexOf('.');
        var (stem, ext) = dot > 0 ? (name[..dot], name[dot..]) : (name, "");
        var label = $"{copy.Node} {copy.Made.UtcDateTime.ToString("yyyy-MM-dd HHmmss", CultureInfo.InvariantCulture)}";
        for (var n = 1; ; n++)
        {
            var candidate = $"{dir}{stem} ({label}{(n == 1 ? "" : $" {n}")}){ext}";
            if (!System.IO.File.Exists(Full(localRoot, candidate)) && !Directory.Exists(Full(localRoot, candidate)))
            {
                return candidate;
            }
        }
    }

    private static string Trashed(Trash trash, string relative)
    {
        if (!RelayPath.TryParse(relative, false, out var path, out var why))
        {
            throw new OperationException($"{relative}: {why}");
        }

        return trash.MoveIn(path).Replace(Path.DirectorySeparatorChar, '/');
    }

    private static string Full(string localRoot, string relative) =>
        relative.Length == 0 ? localRoot : Path.Combine(localRoot, relative.Replace('/', Path.DirectorySeparatorChar));
}
