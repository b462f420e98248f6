using Escale.Core.Interop;

namespace Escale.Core.IO;

/// <summary>Small POSIX helpers for crash-safe local writes (temp file, fsync, rename, fsync the folder).</summary>
public static class Durable
{
    /// <summary>Makes a rename or a creation inside <paramref name="directory"/> survive a power loss.</summary>
    public static void FsyncDirectory(string directory)
    {
        if (OperatingSystem.IsLinux())
        {
            FsyncDirectoryLinux(directory);
        }
        else if (OperatingSystem.IsMacOS())
        {
            Libc.FsyncDirectoryDarwin(directory);
        }
    }

    /// <summary>Writes bytes to a file atomically: temp in the same folder, fsync, rename, fsync folder.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var tmp = Path.Combine(dir, "." + Path.GetFileName(path) + ".tmp-" + Environment.ProcessId + "-" + Random.Shared.Next());
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }

            File.Move(tmp, path, overwrite: true);
            FsyncDirectory(dir);
        }
        finally
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }
    }

    /// <summary>The errno of an IOException raised by the runtime on Unix (0 when unknown).</summary>
    public static int Errno(IOException e) => e.HResult is > 0 and < 4096 ? e.HResult : 0;

    public static bool IsNoSpace(IOException e) => Errno(e) is 28 /* ENOSPC */ or 122 /* EDQUOT */
        || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("quota", StringComparison.OrdinalIgnoreCase);

    /// <summary>Apart so that Tmds.LibC (Linux only) is loaded on Linux only.</summary>
    private static void FsyncDirectoryLinux(string directory)
    {
        var fd = Libc.Open(directory, Libc.O_RDONLY | Libc.O_DIRECTORY);
        if (fd < 0)
        {
            return; // best effort: the data itself was fsynced already
        }

        try
        {
            _ = Libc.Fsync(fd);
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }
}
