using Escale.Core.Config;
using Escale.Sync.State;
using Microsoft.Extensions.Logging;

namespace Escale.Agent;

/// <summary>
/// Finds (or makes) the one state folder of a repository, keyed by its identity. An old-style folder
/// (<c>cache dir/SECTION</c>) is moved in when it fits this repository. A state folder of the same
/// relay whose local folder has gone, or whose section was renamed, means the user moved something:
/// starting afresh would re-sync everything as a new node, so the agent refuses with one line that
/// says how to carry the state over (<c>escalectl adopt</c>) or start anew.
/// </summary>
public static class StateFolders
{
    public static string Prepare(RepositoryConfig config, ILogger logger)
    {
        var identity = config.Identity;
        var dir = config.StateDir;
        if (Directory.Exists(dir))
        {
            var recorded = Read(dir);
            if (recorded is not null && recorded != identity)
            {
                throw new ConfigException($"[{config.Name}]: state folder {dir} belongs to another repository ({Describe(recorded)}); remove it");
            }

            if (recorded is null)
            {
                Write(dir, identity);
            }

            return dir;
        }

        if (MigrateLegacy(config, identity, dir))
        {
            logger.LogInformation("state folder {Old} moved to {New} (state is now kept per local folder, relay and section)", config.LegacyStateDir, dir);
            return dir;
        }

        if (FindMoved(config) is { } moved)
        {
            throw new ConfigException(MovedLine(config, moved.Dir, moved.Identity));
        }

        Directory.CreateDirectory(dir);
        Write(dir, identity);
        return dir;
    }

    /// <summary>For escalectl commands that work on the state without an agent: moves an old-style folder in when it fits.</summary>
    public static string MigrateIfOld(RepositoryConfig config, ILogger logger)
    {
        if (!Directory.Exists(config.StateDir) && MigrateLegacy(config, config.Identity, config.StateDir))
        {
            logger.LogInformation("state folder {Old} moved to {New}", config.LegacyStateDir, config.StateDir);
        }

        return config.StateDir;
    }

    /// <summary>
    /// The state folder this repository's was before a move: same relay, and either the same section
    /// with a local folder that no longer exists, or the same local folder under another section.
    /// Another existing folder on the same relay is another node on this machine, not a move.
    /// </summary>
    public static (string Dir, RepositoryIdentity Identity)? FindMoved(RepositoryConfig config)
    {
        var identity = config.Identity;
        if (!Directory.Exists(config.CacheDir))
        {
            return null;
        }

        foreach (var candidate in Directory.EnumerateDirectories(config.CacheDir).Order(StringComparer.Ordinal))
        {
            if (Read(candidate) is not { } other || other == identity || other.Relay != identity.Relay)
            {
                continue;
            }

            var movedFolder = other.Section == identity.Section && other.LocalPath != identity.LocalPath && !Directory.Exists(other.LocalPath);
            var renamedSection = other.LocalPath == identity.LocalPath && other.Section != identity.Section;
            if (movedFolder || renamedSection)
            {
                return (candidate, other);
            }
        }

        return null;
    }

    public static string MovedLine(RepositoryConfig config, string oldDir, RepositoryIdentity old) =>
        old.Section == config.Name
            ? $"[{config.Name}]: this relay was synchronized with local folder {old.LocalPath}, which no longer exists, and now with {config.LocalPath}: if you moved the folder, run 'escalectl -c {config.File} adopt -r {config.Name}' to keep its state; to start as a new node instead, remove {oldDir}"
            : $"[{config.Name}]: this folder and relay were synchronized as section [{old.Section}]: if you renamed the section, run 'escalectl -c {config.File} adopt -r {config.Name}' to keep its state; to start as a new node instead, remove {oldDir}";

    /// <summary>Moves a found state folder to this repository's key and records the new identity (escalectl adopt).</summary>
    public static string Adopt(RepositoryConfig config, string oldDir)
    {
        var dir = config.StateDir;
        if (Directory.Exists(dir))
        {
            throw new ConfigException($"[{config.Name}]: {dir} already exists: this repository already has state; remove it first to adopt {oldDir}");
        }

        using (StateStore.Open(oldDir))
        {
            // only checks that no agent works on it: the move must not happen under a running agent
        }

        Directory.Move(oldDir, dir);
        Write(dir, config.Identity);
        return dir;
    }

    public static RepositoryIdentity? Read(string dir)
    {
        try
        {
            var file = Path.Combine(dir, RepositoryIdentity.FileName);
            return File.Exists(file) ? RepositoryIdentity.Parse(File.ReadAllText(file)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Write(string dir, RepositoryIdentity identity)
    {
        var file = Path.Combine(dir, RepositoryIdentity.FileName);
        var temp = file + ".tmp";
        File.WriteAllText(temp, identity.Format());
        File.Move(temp, file, overwrite: true);
    }

    /// <summary>
    /// The old folder fits when it records no identity and either holds no file record or at least one
    /// of its recorded files exists in this local folder (then it is this repository's history).
    /// </summary>
    private static bool MigrateLegacy(RepositoryConfig config, RepositoryIdentity identity, string dir)
    {
        var legacy = config.LegacyStateDir;
        if (!Directory.Exists(legacy) || Read(legacy) is not null || !File.Exists(Path.Combine(legacy, "state.journal")))
        {
            return false;
        }

        bool fits;
        using (var state = StateStore.Open(legacy))
        {
            var records = state.Snapshot().Keys.ToList();
            fits = records.Count == 0 || records.Any(p => File.Exists(Path.Combine(identity.LocalPath, p)));
        }

        if (!fits)
        {
            return false;
        }

        Directory.Move(legacy, dir);
        Write(dir, identity);
        return true;
    }

    private static string Describe(RepositoryIdentity id) => $"section [{id.Section}], local folder {id.LocalPath}, relay {id.Relay}";
}
