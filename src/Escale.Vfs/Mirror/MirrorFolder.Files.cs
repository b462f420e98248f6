namespace Escale.Vfs.Mirror;

/// <summary>The file-content half of the mirror: handles, data, sizes, times, modes.</summary>
public sealed partial class MirrorFolder
{
    public VfsError Open(string path, VfsOpenFlags flags, out long handle, out VfsOpenHints hints)
    {
        handle = 0;
        hints = VfsOpenHints.None;
        var fetched = false;
        if (_offers.FindOffer(path) is { IsDirectory: false })
        {
            var fetch = _fetches.Fetch(path);
            if (fetch != VfsError.Ok)
            {
                return fetch;
            }

            fetched = true;
        }

        try
        {
            var write = flags.HasFlag(VfsOpenFlags.Write);
            var stream = OpenStream(Full(path), FileMode.Open, write ? FileAccess.ReadWrite : FileAccess.Read, null);
            var file = new OpenFile(stream, path, fetched) { Journaled = write && JournalOpen(path) };
            if (write && flags.HasFlag(VfsOpenFlags.Truncate))
            {
                stream.SetLength(0);
                file.Written = true;
            }

            handle = _handles.Add(file);
            hints = fetched ? VfsOpenHints.DirectIo : VfsOpenHints.None;
            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    public VfsError Create(string path, VfsOpenFlags flags, UnixFileMode mode, out long handle, out VfsOpenHints hints)
    {
        handle = 0;
        hints = VfsOpenHints.None;
        try
        {
            var full = Full(path);
            EnsureParent(full);
            var fileMode = flags.HasFlag(VfsOpenFlags.Exclusive) ? FileMode.CreateNew
                : flags.HasFlag(VfsOpenFlags.Truncate) ? FileMode.Create : FileMode.OpenOrCreate;
            var stream = OpenStream(full, fileMode, FileAccess.ReadWrite, mode);

            // The kernel already applied the caller's umask; ours must not apply a second time.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stream.SafeFileHandle, mode);
            }
            handle = _handles.Add(new OpenFile(stream, path, fetched: false) { Written = true, Journaled = JournalOpen(path) });
            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    public VfsError Read(long handle, Span<byte> buffer, long offset, out int bytesRead)
    {
        bytesRead = 0;
        if (_handles.Get(handle) is not { } file)
        {
            return VfsError.BadHandle;
        }

        try
        {
            // pread loops inside .NET only until the first short read; keep going to fill the buffer
            while (bytesRead < buffer.Length)
            {
                var n = RandomAccess.Read(file.Stream.SafeFileHandle, buffer[bytesRead..], offset + bytesRead);
                if (n == 0)
                {
                    break;
                }

                bytesRead += n;
            }

            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    public VfsError Write(long handle, ReadOnlySpan<byte> data, long offset, out int bytesWritten)
    {
        bytesWritten = 0;
        if (_handles.Get(handle) is not { } file)
        {
            return VfsError.BadHandle;
        }

        try
        {
            RandomAccess.Write(file.Stream.SafeFileHandle, data, offset);
            file.Written = true;
            bytesWritten = data.Length;
            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    public VfsError Truncate(string path, long handle, long length)
    {
        try
        {
            if (handle != 0 && _handles.Get(handle) is { } file)
            {
                file.Stream.SetLength(length);
                file.Written = true;
                return VfsError.Ok;
            }

            var local = EnsureLocal(path);
            if (local != VfsError.Ok)
            {
                return local;
            }

            using (var stream = OpenStream(Full(path), FileMode.Open, FileAccess.Write, null))
            {
                stream.SetLength(length);
            }

            ReportChanged(path);
            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    public VfsError Allocate(long handle, long offset, long length)
    {
        if (_handles.Get(handle) is not { } file)
        {
            return VfsError.BadHandle;
        }

        try
        {
            if (offset + length > file.Stream.Length)
            {
                file.Stream.SetLength(offset + length);
                file.Written = true;
            }

            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    /// <summary>
    /// close(2) waits for FLUSH but not for RELEASE, which the kernel sends later: reporting the change
    /// here makes "queued" visible as soon as the writer's close returns (queueing is idempotent).
    /// </summary>
    public VfsError Flush(long handle)
    {
        if (_handles.Get(handle) is not { } file)
        {
            return VfsError.BadHandle;
        }

        if (file.Written && !file.Unlinked)
        {
            file.Written = false; // reported; a later write through the same handle sets it again
            ReportChanged(file.RelativePath);
        }

        return VfsError.Ok;
    }

    public VfsError Fsync(long handle, bool dataOnly)
    {
        if (_handles.Get(handle) is not { } file)
        {
            return VfsError.BadHandle;
        }

        try
        {
            file.Stream.Flush(flushToDisk: true);
            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    public VfsError Release(long handle)
    {
        if (_handles.Remove(handle) is not { } file)
        {
            return VfsError.BadHandle;
        }

        file.Stream.Dispose();
        if (file.Journaled && _writeBack is IWriteJournal journal)
        {
            journal.ClosedAfterWrite(file.RelativePath, file.Written && !file.Unlinked);
        }

        if (file.Written && !file.Unlinked)
        {
            ReportChanged(file.RelativePath);
        }

        return VfsError.Ok;
    }

    /// <summary>Before a change by name: a path that is only (or more recently) on the relay is fetched first.</summary>
    private VfsError EnsureLocal(string path) =>
        path.Length > 0 && _offers.FindOffer(path) is { IsDirectory: false } ? _fetches.Fetch(path) : VfsError.Ok;

    /// <summary>A folder that exists only as an offer gets created locally when something is put in it.</summary>
    private static void EnsureParent(string full)
    {
        var parent = Path.GetDirectoryName(full);
        if (parent is not null && !Directory.Exists(parent))
        {
            Directory.CreateDirectory(parent);
        }
    }

    private static FileStream OpenStream(string full, FileMode mode, FileAccess access, UnixFileMode? createMode)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = access,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0, // every read and write is a positioned call on the handle; no FileStream buffer
        };
        if (createMode is { } m && mode != FileMode.Open && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = m;
        }

        return new FileStream(full, options);
    }

    /// <summary>Records an open for writing (before it returns) when the write-back keeps a journal.</summary>
    private bool JournalOpen(string path)
    {
        if (_writeBack is not IWriteJournal journal || !_options.IsSynced(path))
        {
            return false;
        }

        journal.OpenedForWrite(path);
        return true;
    }

    private void ReportChanged(string path)
    {
        if (_options.IsSynced(path))
        {
            _writeBack.Changed(path);
        }
    }
}
