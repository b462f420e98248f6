using Escale.Core.Paths;

namespace Escale.Relay.GoogleDrive;

public sealed partial class GoogleDriveRelayStore
{
    /// <summary>The file a path means: the oldest of its name in its folder; null when absent.</summary>
    private async Task<DriveFile?> FindAsync(RelayPath path, CancellationToken cancellationToken) =>
        DriveFolders.Oldest(await ChildrenAsync(path.Parent, path.Name, cancellationToken));

    /// <summary>
    /// Children of a relay directory (optionally of one name). A cached folder id that answers 404 was
    /// deleted or replaced by someone else: forget it, resolve the path again and retry once.
    /// </summary>
    private async Task<List<DriveFile>> ChildrenAsync(RelayPath directory, string? name, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var folderId = await _folders.ResolveAsync(directory, create: false, cancellationToken);
            if (folderId is null)
            {
                return [];
            }

            try
            {
                var list = new List<DriveFile>();
                await foreach (var f in _api.ListAsync(folderId, name, cancellationToken))
                {
                    list.Add(f);
                }

                return list;
            }
            catch (RelayException e) when (e.Kind == RelayErrorKind.NotFound && attempt == 0 && !directory.IsRoot)
            {
                _folders.Forget(directory);
            }
        }
    }

    private async Task<List<DriveFile>> SameNameAsync(string parentId, string name, CancellationToken cancellationToken)
    {
        var list = new List<DriveFile>();
        await foreach (var f in _api.ListAsync(parentId, name, cancellationToken))
        {
            list.Add(f);
        }

        return list;
    }

    /// <summary>
    /// The folder a write goes into (created when missing) and the files already bearing the name there.
    /// A cached folder id that answers 404 is forgotten and the path resolved (created) again, once.
    /// </summary>
    private async Task<(string ParentId, List<DriveFile> SameName)> TargetAsync(RelayPath path, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var id = (await _folders.ResolveAsync(path.Parent, create: true, cancellationToken))!;
            try
            {
                return (id, await SameNameAsync(id, path.Name, cancellationToken));
            }
            catch (RelayException e) when (e.Kind == RelayErrorKind.NotFound && attempt == 0 && !path.Parent.IsRoot)
            {
                _folders.Forget(path.Parent);
            }
        }
    }

    /// <summary>
    /// The second half of CreateNew: list the name again; the oldest file wins. A loser deletes its own
    /// file (never the winner's) and reports AlreadyExists, like an exclusive create would.
    /// </summary>
    private async Task KeepIfOldestAsync(string parentId, RelayPath path, DriveFile made, CancellationToken cancellationToken)
    {
        var all = await SameNameAsync(parentId, path.Name, cancellationToken);
        if (!all.Any(f => f.Id == made.Id))
        {
            all.Add(made); // not visible yet in the listing: it still takes part in the decision
        }

        var winner = DriveFolders.Oldest(all)!;
        if (winner.Id != made.Id)
        {
            await _api.DeleteAsync(made.Id, CancellationToken.None); // never leave a losing duplicate behind
            throw new RelayException(RelayErrorKind.AlreadyExists, $"Google Drive: {RelayPath.Printable(path.Value)} already exists");
        }
    }
}
