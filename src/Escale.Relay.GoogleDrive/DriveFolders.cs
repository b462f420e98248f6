using System.Collections.Concurrent;
using Escale.Core.Paths;

namespace Escale.Relay.GoogleDrive;

/// <summary>
/// Relay paths to Drive folder ids. Drive addresses files by id and lets two folders share a name, so a
/// path resolves to the OLDEST folder of that name (the same rule as the lock), and folder ids are cached;
/// a caller that meets a 404 on a cached id calls <see cref="Forget"/> and resolves again.
/// </summary>
internal sealed class DriveFolders(DriveApi api, string rootId)
{
    private readonly ConcurrentDictionary<string, string> _ids = new(StringComparer.Ordinal) { [""] = rootId };

    /// <summary>The oldest entry (createdTime, then id) of a set of same-named files: the one everyone agrees on.</summary>
    public static DriveFile? Oldest(IEnumerable<DriveFile> files) =>
        files.OrderBy(f => f.CreatedTime ?? DateTimeOffset.MaxValue).ThenBy(f => f.Id, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The folder id of a relay directory, or null when it does not exist and create is false.</summary>
    public async Task<string?> ResolveAsync(RelayPath directory, bool create, CancellationToken cancellationToken)
    {
        if (_ids.TryGetValue(directory.Value, out var cached))
        {
            return cached;
        }

        var parentId = await ResolveAsync(directory.Parent, create, cancellationToken);
        if (parentId is null)
        {
            return null;
        }

        var name = directory.Name;
        var found = Oldest(await FoldersAsync(parentId, name, cancellationToken));
        if (found is null && create)
        {
            var made = await api.CreateFolderAsync(parentId, name, cancellationToken);
            // Two nodes may create the folder at once: keep the oldest, remove ours if it lost.
            found = Oldest(await FoldersAsync(parentId, name, cancellationToken)) ?? made;
            if (found.Id != made.Id)
            {
                await api.DeleteAsync(made.Id, cancellationToken);
            }
        }

        if (found is null)
        {
            return null;
        }

        _ids[directory.Value] = found.Id;
        return found.Id;
    }

    /// <summary>Drops a directory and everything cached under it (its id answered 404).</summary>
    public void Forget(RelayPath directory)
    {
        var prefix = directory.Value + "/";
        foreach (var key in _ids.Keys)
        {
            if (key.Length > 0 && (key == directory.Value || key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                _ids.TryRemove(key, out _);
            }
        }
    }

    private async Task<List<DriveFile>> FoldersAsync(string parentId, string name, CancellationToken cancellationToken)
    {
        var list = new List<DriveFile>();
        await foreach (var f in api.ListAsync(parentId, name, cancellationToken))
        {
            if (f.IsFolder)
            {
                list.Add(f);
            }
        }

        return list;
    }
}
