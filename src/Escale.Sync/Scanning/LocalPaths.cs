using Escale.Core.Paths;

namespace Escale.Sync.Scanning;

/// <summary>
/// Maps a validated relay path to a path under the local root, refusing to pass through a symbolic
/// link (a hostile relay cannot make us write outside the local folder via a pre-existing link).
/// </summary>
public static class LocalPaths
{
    public static string Resolve(string root, RelayPath path)
    {
        if (path.IsRoot)
        {
            throw new ArgumentException("the root is not a file", nameof(path));
        }

        var full = Path.GetFullPath(Path.Combine(root, path.Value));
        var rootFull = Path.GetFullPath(root).TrimEnd('/') + "/";
        if (!full.StartsWith(rootFull, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{RelayPath.Printable(path.Value)}' resolves outside the local folder");
        }

        return full;
    }

    /// <summary>Creates the parent folders of a file, checking that none of them is a symbolic link.</summary>
    public static void EnsureParent(string root, RelayPath path)
    {
        var current = Path.GetFullPath(root);
        var parts = path.Value.Split('/');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            current = Path.Combine(current, parts[i]);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null || (!info.Exists && File.Exists(current)))
            {
                throw new InvalidOperationException($"'{RelayPath.Printable(path.Value)}': '{parts[i]}' is a link or a file, not a folder");
            }

            if (!info.Exists)
            {
                Directory.CreateDirectory(current);
            }
        }

        var target = new FileInfo(Path.Combine(root, path.Value));
        if (target.LinkTarget is not null)
        {
            throw new InvalidOperationException($"'{RelayPath.Printable(path.Value)}' is a symbolic link locally; not overwritten");
        }
    }
}
