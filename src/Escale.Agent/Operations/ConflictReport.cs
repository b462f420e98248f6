using Escale.Core.Config;
using Escale.Core.Paths;
using Escale.Relay;
using Escale.Sync;
using Escale.Sync.Protocol;
using Escale.Sync.State;
using Escale.Sync.Status;

namespace Escale.Agent.Operations;

/// <summary>
/// <c>escalectl conflicts</c>: the conflict copies in a repository's local folder, each with the file it
/// belongs to and who made each version. The copy's maker and time are in its name; the kept version's
/// maker is this node when the state says it pushed that version, else the pusher in the file's
/// placeholder (when it still describes the version this node holds). Dot-folders (the trash, temps)
/// are not synchronized and not looked into.
/// </summary>
public static class ConflictReport
{
    /// <param name="Copy">The copy, relative to the local folder.</param>
    /// <param name="File">The file it belongs to (null when the name was too long to keep it).</param>
    /// <param name="CopyBy">The node whose version the copy holds.</param>
    /// <param name="CopyTime">When the conflict was resolved.</param>
    /// <param name="KeptBy">The node that made the version kept under the file's name; null when unknown.</param>
    /// <param name="KeptTime">The kept version's modification time (the file's, here; pulls keep the maker's); null when the file is gone.</param>
    public sealed record Entry(string Copy, string? File, string CopyBy, DateTimeOffset CopyTime, string? KeptBy, DateTimeOffset? KeptTime = null);

    /// <param name="store">the relay, to read placeholders; null when it could not be reached (makers then come from the state only)</param>
    public static async Task<IReadOnlyList<Entry>> ReadAsync(RepositoryConfig config, StateStore? state, IRelayStore? store, CancellationToken cancellationToken)
    {
        var placeholders = store is null ? null : new PlaceholderReader(store);
        var entries = new List<Entry>();
        foreach (var copy in FindCopies(config.LocalPath))
        {
            var keptBy = copy.File is null ? null : await KeptByAsync(config, state, placeholders, copy.File, cancellationToken);
            var kept = copy.File is null ? null : new FileInfo(Path.Combine(config.LocalPath, copy.File.Replace('/', Path.DirectorySeparatorChar)));
            var keptTime = kept is { Exists: true } ? new DateTimeOffset(kept.LastWriteTimeUtc, TimeSpan.Zero) : (DateTimeOffset?)null;
            entries.Add(new Entry(copy.Copy, copy.File, copy.Node, copy.Made, keptBy, keptTime));
        }

        return entries;
    }

    /// <summary>The conflict copies under a local folder (the desktop notifier looks for new ones too).</summary>
    public static IEnumerable<ConflictCopy> FindCopies(string root)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        // Symbolic links are not followed (as the scanner never follows them); dot-names are dropped below.
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return Directory.EnumerateFiles(root, "*escale-conflict-*", options)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(r => !r.Split('/').Any(c => c.StartsWith('.')))
            .Select(ConflictCopy.TryParse)
            .OfType<ConflictCopy>()
            .OrderBy(c => c.Copy, StringComparer.Ordinal);
    }

    private static async Task<string?> KeptByAsync(RepositoryConfig config, StateStore? state, PlaceholderReader? placeholders, string file, CancellationToken cancellationToken)
    {
        var record = state?.Get(file);
        if (record?.Origin == FileOrigin.Pushed)
        {
            return config.Client;
        }

        if (placeholders is null || !RelayPath.TryParse(file, false, out var path, out _))
        {
            return null;
        }

        try
        {
            var ph = await placeholders.ReadAsync(path.Sibling(RelayNames.PlaceholderName(path.Name)), null, cancellationToken);
            return ph is not null && (record is null || ph.Checksum == record.Checksum) ? ph.Pusher : null;
        }
        catch (FormatException)
        {
            return null; // a damaged placeholder names nobody
        }
    }
}
