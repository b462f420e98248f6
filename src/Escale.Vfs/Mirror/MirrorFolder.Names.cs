namespace Escale.Vfs.Mirror;

/// <summary>The name half of the mirror: rename, unlink, folders, links.</summary>
public sealed partial class MirrorFolder
{
    public VfsError Rename(string from, string to, VfsRenameFlags flags)
    {
        if ((flags & ~(VfsRenameFlags.NoReplace | VfsRenameFlags.Exchange)) != 0 || flags == (VfsRenameFlags.NoReplace | VfsRenameFlags.Exchange))
        {
            return VfsError.InvalidArgument;
        }

        try
        {
            var fromFull = Full(from);
            var toFull = Full(to);
            var fromLocal = StatLocal(fromFull, out _) == VfsError.Ok;
            if (_offers.FindOffer(from) is { } offer)
            {
                if (offer.IsDirectory && !fromLocal)
                {
                    return VfsError.CrossDevice; // mv then copies file by file, and each open fetches
                }

                if (!offer.IsDirectory && _fetches.Fetch(from) is var fetch and not VfsError.Ok)
                {
                    return fetch;
                }
            }

            if (!flags.HasFlag(VfsRenameFlags.Exchange) && StatLocal(toFull, out _) != VfsError.Ok && _offers.FindOffer(to) is not null)
            {
                if (flags.HasFlag(VfsRenameFlags.NoReplace))
                {
                    return VfsError.Exists; // the name is taken on the relay
                }
            }

            EnsureParent(toFull);
            var result = LocalRename.Rename(fromFull, toFull, flags);
            if (result != VfsError.Ok)
            {
                return result;
            }

            if (flags.HasFlag(VfsRenameFlags.Exchange))
            {
                _handles.Renamed(from, "\0exchange");
                _handles.Renamed(to, from);
                _handles.Renamed("\0exchange", to);
                ReportChanged(from);
                ReportChanged(to);
            }
            else
            {
                _handles.Unlinked(to);
                _handles.Renamed(from, to);
                ReportRenamed(from, to);
            }

            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    public VfsError Unlink(string path)
    {
        try
        {
            var full = Full(path);
            var local = StatLocal(full, out var attributes);
            if (local == VfsError.Ok)
            {
                if (attributes.Kind == VfsEntryKind.Directory)
                {
                    return VfsError.IsADirectory;
                }

                File.Delete(full);
                _handles.Unlinked(path);
            }
            else if (_offers.FindOffer(path) is null)
            {
                return local;
            }

            // Also for an offer that was never fetched: the sync side decides what declining it means.
            if (_options.IsSynced(path))
            {
                _writeBack.Deleted(path);
            }

            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    public VfsError MakeDirectory(string path, UnixFileMode mode)
    {
        try
        {
            var full = Full(path);
            if (StatLocal(full, out _) == VfsError.Ok || _offers.FindOffer(path) is not null)
            {
                return VfsError.Exists;
            }

            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(full);
            }
            else
            {
                Directory.CreateDirectory(full, mode);
                File.SetUnixFileMode(full, mode); // undo a second umask
            }
            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    public VfsError RemoveDirectory(string path)
    {
        try
        {
            var full = Full(path);
            var local = StatLocal(full, out var attributes);
            if (_offers.ListOffers(path).Count > 0)
            {
                return VfsError.NotEmpty;
            }

            if (local != VfsError.Ok)
            {
                return local;
            }

            if (attributes.Kind != VfsEntryKind.Directory)
            {
                return VfsError.NotADirectory;
            }

            Directory.Delete(full, recursive: false);
            if (_options.IsSynced(path))
            {
                _writeBack.Deleted(path);
            }

            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    /// <summary>Symbolic links are not synced by Escale, so the mount refuses to make them (EPERM) rather than create something that silently stays local.</summary>
    public VfsError CreateSymbolicLink(string target, string path) => VfsError.NotPermitted;

    /// <summary>Hard links would make two synced names share one content; refused like on FAT.</summary>
    public VfsError CreateHardLink(string existing, string path) => VfsError.NotPermitted;

    private void ReportRenamed(string from, string to)
    {
        var fromSynced = _options.IsSynced(from);
        var toSynced = _options.IsSynced(to);
        if (fromSynced && toSynced)
        {
            _writeBack.Renamed(from, to);
        }
        else if (toSynced)
        {
            _writeBack.Changed(to); // an editor's temp file saved over the real name
        }
        else if (fromSynced)
        {
            _writeBack.Deleted(from);
        }
    }
}
