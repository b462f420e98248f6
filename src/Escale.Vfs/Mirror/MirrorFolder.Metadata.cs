namespace Escale.Vfs.Mirror;

/// <summary>The metadata half of the mirror: modes and times.</summary>
public sealed partial class MirrorFolder
{
    public VfsError SetMode(string path, UnixFileMode mode)
    {
        try
        {
            var local = EnsureLocal(path);
            if (local == VfsError.Ok)
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(Full(path), mode);
                }
            }

            return local;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    public VfsError SetTimes(string path, long handle, DateTimeOffset? accessed, DateTimeOffset? modified)
    {
        try
        {
            if (handle != 0 && _handles.Get(handle) is { } file)
            {
                var h = file.Stream.SafeFileHandle;
                if (accessed is { } a)
                {
                    File.SetLastAccessTimeUtc(h, a.UtcDateTime);
                }

                if (modified is { } m)
                {
                    File.SetLastWriteTimeUtc(h, m.UtcDateTime);
                }

                file.Written |= modified is not null;
                return VfsError.Ok;
            }

            var local = EnsureLocal(path);
            if (local != VfsError.Ok)
            {
                return local;
            }

            var full = Full(path);
            var isFile = File.Exists(full);
            FileSystemInfo info = isFile ? new FileInfo(full) : new DirectoryInfo(full);
            if (accessed is { } at)
            {
                info.LastAccessTimeUtc = at.UtcDateTime;
            }

            if (modified is { } mt)
            {
                info.LastWriteTimeUtc = mt.UtcDateTime;
            }

            if (isFile && modified is not null)
            {
                ReportChanged(path);
            }

            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }
}
