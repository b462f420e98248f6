using Escale.Core.Paths;
using Microsoft.Extensions.Logging;

namespace Escale.Sync.Scanning;

/// <summary>
/// Lists the regular files of the local folder that the filter accepts. Symbolic links are never
/// followed (a link could lead the pusher outside the folder); dot-folders are skipped, and so is what
/// the ignore rules (<c>.escaleignore</c> and the defaults) exclude: counted and named in the log once.
/// </summary>
public sealed class LocalScanner(string root, FileFilter filter, ILogger logger)
{
    private readonly HashSet<string> _reported = [];

    public IgnoreFiles Ignore { get; } = new(root);

    /// <summary>Files and folders the ignore rules excluded in the last scan (a folder counts once).</summary>
    public int Ignored { get; private set; }

    /// <summary>Folders the last scan could not list: what is under them is not known to be gone.</summary>
    public IReadOnlyList<RelayPath> Unlisted { get; private set; } = [];

    public Dictionary<RelayPath, LocalFile> Scan()
    {
        var result = new Dictionary<RelayPath, LocalFile>();
        Directory.CreateDirectory(root);
        var ignored = 0;
        var unlisted = new List<RelayPath>();
        var pending = new Stack<(string Dir, RelayPath Rel, IgnoreRules Rules)>();
        pending.Push((root, RelayPath.Root, Ignore.RulesFor("")));
        while (pending.Count > 0)
        {
            var (dir, rel, rules) = pending.Pop();
            IEnumerable<FileSystemInfo> infos;
            try
            {
                infos = new DirectoryInfo(dir).EnumerateFileSystemInfos().ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Report(dir, $"cannot list: {e.Message}");
                unlisted.Add(rel);
                continue;
            }

            foreach (var info in infos)
            {
                if (info.Name.StartsWith('.'))
                {
                    continue;
                }

                if (info.LinkTarget is not null)
                {
                    Report(info.FullName, "symbolic link not synchronized");
                    continue;
                }

                var name = RelayPath.ValidateComponent(info.Name, portable: false);
                if (name is not null || !info.Name.IsNormalized())
                {
                    Report(info.FullName, $"name not synchronized: {name ?? "not in Unicode form C"}");
                    continue;
                }

                var childRel = rel.Append(info.Name);
                if (rules.Reason(childRel.Value, info is DirectoryInfo) is { } why)
                {
                    ignored++;
                    Report(info.FullName, "ignored: " + why);
                    continue;
                }

                if (info is DirectoryInfo)
                {
                    pending.Push((info.FullName, childRel, rules.Then(Ignore.Own(childRel.Value))));
                }
                else if (info is FileInfo f && filter.Accepts(info.Name))
                {
                    try
                    {
                        result[childRel] = new LocalFile(f.FullName, f.Length, f.LastWriteTimeUtc);
                    }
                    catch (FileNotFoundException)
                    {
                        // removed while scanning
                    }
                }
            }
        }

        Ignored = ignored;
        Unlisted = unlisted;
        return result;
    }

    private void Report(string path, string what)
    {
        if (_reported.Add(path + what))
        {
            logger.LogInformation("{Path}: {What}", RelayPath.Printable(path), what);
        }
    }
}
