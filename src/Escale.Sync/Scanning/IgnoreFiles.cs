using System.Collections.Concurrent;

namespace Escale.Sync.Scanning;

/// <summary>
/// The <c>.escaleignore</c> files of one local folder tree, read once and again only when one changes
/// (size or mtime), so a pass and a mount's close pay no parsing. The files are local to each node: a
/// dot-file is never synchronized (the relay's own names start with a dot).
/// </summary>
public sealed class IgnoreFiles(string root)
{
    private readonly ConcurrentDictionary<string, (long Size, DateTime Mtime, IgnoreRules Rules)> _cache = new(StringComparer.Ordinal);

    /// <summary>Every rule in force inside <paramref name="relativeFolder"/>: defaults, then each folder's file from the root down.</summary>
    public IgnoreRules RulesFor(string relativeFolder)
    {
        var rules = IgnoreRules.Defaults.Then(Own(""));
        if (relativeFolder.Length == 0)
        {
            return rules;
        }

        var parts = relativeFolder.Split('/');
        for (var i = 1; i <= parts.Length; i++)
        {
            rules = rules.Then(Own(string.Join('/', parts[..i])));
        }

        return rules;
    }

    /// <summary>Whether a file (by its path relative to the root) is ignored, by its own name or a folder above it.</summary>
    public bool IsIgnored(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return RulesFor(slash < 0 ? "" : relativePath[..slash]).IsIgnoredWithParents(relativePath);
    }

    /// <summary>The rules of the one file in <paramref name="relativeFolder"/> (none when it has no file or cannot be read).</summary>
    public IgnoreRules Own(string relativeFolder)
    {
        var path = Path.Combine(root, relativeFolder, IgnoreRules.FileName);
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null)
            {
                _cache.TryRemove(relativeFolder, out _);
                return IgnoreRules.None;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return IgnoreRules.None;
        }

        if (_cache.TryGetValue(relativeFolder, out var hit) && hit.Size == info.Length && hit.Mtime == info.LastWriteTimeUtc)
        {
            return hit.Rules;
        }

        IgnoreRules rules;
        try
        {
            // Bounded: an ignore file is a few lines; a huge one is a mistake, not a reason to stall a pass.
            rules = info.Length > 1 << 20
                ? IgnoreRules.None
                : IgnoreRules.Parse(relativeFolder, File.ReadAllLines(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            rules = IgnoreRules.None;
        }

        _cache[relativeFolder] = (info.Length, info.LastWriteTimeUtc, rules);
        return rules;
    }
}
