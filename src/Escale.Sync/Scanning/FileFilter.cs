using Escale.Core.Config;

namespace Escale.Sync.Scanning;

/// <summary>
/// Which files a repository synchronizes, decided on the basename: never dot-files (they are the
/// relay's own names and our temp files), then <c>file extension</c>, <c>include</c>, <c>exclude</c>.
/// </summary>
public sealed class FileFilter(IReadOnlyList<string> extensions, IReadOnlyList<NamePattern> include, IReadOnlyList<NamePattern> exclude)
{
    public static FileFilter From(RepositoryConfig config) => new(
        config.FileExtensions,
        config.Include.Select(NamePattern.Parse).ToList(),
        config.Exclude.Select(NamePattern.Parse).ToList());

    public static FileFilter All { get; } = new([], [], []);

    public bool Accepts(string basename)
    {
        if (basename.StartsWith('.'))
        {
            return false;
        }

        if (extensions.Count > 0)
        {
            var ext = Path.GetExtension(basename).TrimStart('.').ToLowerInvariant();
            if (!extensions.Contains(ext))
            {
                return false;
            }
        }

        if (include.Count > 0 && !include.Any(p => p.IsMatch(basename)))
        {
            return false;
        }

        return !exclude.Any(p => p.IsMatch(basename));
    }
}
