using System.Runtime.InteropServices;
using System.Text;
using L = Tmds.Linux.LibC;

namespace Escale.Core.Interop;

/// <summary>
/// The one place where Escale calls the C library. On Linux the functions and, above all, the
/// constants come from Tmds.LibC, whose assembly is chosen per architecture at run time: the flag
/// values differ between x86-64 and arm64 (O_DIRECTORY is 0x10000 on one, 0x4000 on the other), which
/// the hand-written constants this file replaced got wrong on arm64. What Tmds.LibC 0.5.0 lacks
/// (renameat, renameat2, vsnprintf) and the macOS calls of <see cref="FsyncDirectoryDarwin"/> are
/// declared here. Tmds.LibC ships Linux assemblies only: a member that touches it must be reached
/// on Linux only (native-notes/libc.md).
/// Errors are read with <see cref="Marshal.GetLastPInvokeError"/> right after the call, as before.
/// </summary>
public static unsafe class Libc
{
    public static int O_RDONLY => L.O_RDONLY;

    public static int O_WRONLY => L.O_WRONLY;

    public static int O_CREAT => L.O_CREAT;

    public static int O_EXCL => L.O_EXCL;

    public static int O_APPEND => L.O_APPEND;

    public static int O_DIRECTORY => L.O_DIRECTORY;

    public static int O_NOFOLLOW => L.O_NOFOLLOW;

    public static int O_CLOEXEC => L.O_CLOEXEC;

    public static int AT_FDCWD => L.AT_FDCWD;

    public static int MNT_DETACH => L.MNT_DETACH;

    public static int ENOENT => L.ENOENT;

    public static int EEXIST => L.EEXIST;

    public static int ENOTDIR => L.ENOTDIR;

    public static int ELOOP => L.ELOOP;

    public static int EINTR => L.EINTR;

    public static int ENOSYS => L.ENOSYS;

    public static int EINVAL => L.EINVAL;

    public static int SIGINT => L.SIGINT;

    public static int SIGTERM => L.SIGTERM;

    public static int Open(string path, int flags)
    {
        fixed (byte* p = Utf8(path))
        {
            return L.open(p, flags, 0);
        }
    }

    public static int OpenAt(int dirfd, string path, int flags, ushort mode = 0)
    {
        fixed (byte* p = Utf8(path))
        {
            return L.openat(dirfd, p, flags, mode);
        }
    }

    public static int MkdirAt(int dirfd, string path, ushort mode)
    {
        fixed (byte* p = Utf8(path))
        {
            return L.mkdirat(dirfd, p, mode);
        }
    }

    public static int LinkAt(int olddirfd, string oldpath, int newdirfd, string newpath, int flags)
    {
        fixed (byte* o = Utf8(oldpath))
        fixed (byte* n = Utf8(newpath))
        {
            return L.linkat(olddirfd, o, newdirfd, n, flags);
        }
    }

    public static int UnlinkAt(int dirfd, string path, int flags)
    {
        fixed (byte* p = Utf8(path))
        {
            return L.unlinkat(dirfd, p, flags);
        }
    }

    public static int Fsync(int fd) => L.fsync(fd);

    public static int Close(int fd) => L.close(fd);

    public static uint Geteuid() => L.geteuid();

    public static uint Getegid() => L.getegid();

    public static int Umount2(string target, int flags)
    {
        fixed (byte* p = Utf8(target))
        {
            return L.umount2(p, flags);
        }
    }

    public static int Kill(int pid, int signal) => L.kill(pid, signal);

    /// <summary>A versioned symbol of a library opened with NativeLibrary.Load (glibc's dlvsym).</summary>
    public static nint Dlvsym(nint handle, string symbol, string version)
    {
        fixed (byte* s = Utf8(symbol))
        fixed (byte* v = Utf8(version))
        {
            return (nint)L.dlvsym((void*)handle, s, v);
        }
    }

    /// <summary>fsync of a folder on macOS (no O_DIRECTORY needed there); best effort like its Linux twin.</summary>
    public static void FsyncDirectoryDarwin(string directory)
    {
        var fd = darwin_open(directory, 0 /* O_RDONLY */);
        if (fd >= 0)
        {
            _ = darwin_fsync(fd);
            _ = darwin_close(fd);
        }
    }

    // int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);  (absent from Tmds.LibC 0.5.0)
    [DllImport("libc", EntryPoint = "renameat", SetLastError = true)]
    public static extern int RenameAt(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath);

    // int renameat2(..., unsigned int flags);  glibc 2.28+  (absent from Tmds.LibC 0.5.0)
    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    public static extern int RenameAt2(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath, uint flags);

    // int vsnprintf(char *str, size_t size, const char *format, va_list ap);  (absent from Tmds.LibC 0.5.0)
    // va_list arrives from libfuse's log callback as one pointer-sized argument and is passed on unchanged.
    [DllImport("libc", EntryPoint = "vsnprintf")]
    public static extern int Vsnprintf(byte* str, nuint size, byte* format, nint ap);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int darwin_open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int darwin_fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int darwin_close(int fd);

    /// <summary>NUL-terminated UTF-8, as the kernel takes names.</summary>
    private static byte[] Utf8(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
