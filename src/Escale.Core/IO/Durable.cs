using System.Runtime.InteropServices;

namespace Escale.Core.IO;

/// <summary>Small POSIX helpers for crash-safe local writes (temp file, fsync, rename, fsync the folder).</summary>
public static class Durable
{
    private const int O_RDONLY = 0;
    private const int O_DIRECTORY = 0x10000; // x86-64 and arm64 Linux

    /// <summary>Makes a rename or a creation inside <paramref name="directory"/> survive a power loss.</summary>
    public static void FsyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = open(directory, O_RDONLY | (OperatingSystem.IsLinux() ? O_DIRECTORY : 0));
        if (fd < 0)
        {
            return; // best effort: the data itself was fsynced already
        }

        try
        {
            _ = fsync(fd);
        }
        finally
        {
            _ = close(fd);
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

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int close(int fd);
}
