using Escale.Agent.Control;
using Escale.Agent.Operations;
using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>
/// The FILE of escalectl verbs (access, confirm, ...) as a path relative to the repository: it may be
/// named inside the local folder or inside the mount point of the agent running the repository (the
/// same file seen through FUSE). A relative FILE is taken from the working folder when that is inside
/// one of them (as a user in <c>~/Shared</c> expects), else from the local folder.
/// </summary>
public static class CtlFilePath
{
    /// <summary>Resolves FILE for a repository, with the mount point of its running agent if any.</summary>
    public static string Relative(RepositoryConfig repo, string file, (string Socket, AgentInfo Info)? agent)
    {
        var mounts = agent is { } a
            ? a.Info.Repositories.Where(r => Path.GetFullPath(r.StateDir) == Path.GetFullPath(repo.StateDir) && r.MountPoint is not null && Path.IsPathRooted(r.MountPoint))
                .Select(r => r.MountPoint!).ToList()
            : [];
        return Relative(file, Environment.CurrentDirectory, repo.LocalPath, mounts);
    }

    /// <summary>The pure rule: FILE, the working folder, the local folder and the mount points → the repository path.</summary>
    public static string Relative(string file, string workingDirectory, string localRoot, IReadOnlyList<string> mountPoints)
    {
        var local = Normalize(localRoot);
        var mounts = mountPoints.Select(Normalize).ToList();
        var roots = mounts.Prepend(local).OrderByDescending(r => r.Length).ToList(); // the deepest root first
        string full;
        if (Path.IsPathRooted(file))
        {
            full = Path.GetFullPath(file);
        }
        else
        {
            var cwd = Normalize(workingDirectory);
            var from = roots.Any(r => cwd == r || cwd.StartsWith(r + "/", StringComparison.Ordinal)) ? cwd : local;
            full = Path.GetFullPath(Path.Combine(from, file));
        }

        foreach (var root in roots)
        {
            if (full.StartsWith(root + "/", StringComparison.Ordinal) && full.Length > root.Length + 1)
            {
                return full[(root.Length + 1)..].TrimEnd('/');
            }
        }

        throw new OperationException($"{file}: not inside the repository's local folder {local}" + (mounts.Count == 0
            ? " (and no running agent serves it in a mount point)"
            : $" or its mount point {string.Join(", ", mounts)}"));
    }

    private static string Normalize(string path) => Path.GetFullPath(path).TrimEnd('/');
}
