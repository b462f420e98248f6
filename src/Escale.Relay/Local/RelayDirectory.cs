using System.Runtime.InteropServices;
using Escale.Core.Interop;
using Escale.Core.Paths;
using Microsoft.Win32.SafeHandles;

namespace Escale.Relay.Local;

/// <summary>
/// An open folder of a local relay, reached from the relay root one component at a time with
/// <c>openat(O_DIRECTORY | O_NOFOLLOW)</c>; every file operation is then relative to this descriptor.
/// Why: whoever controls a shared relay folder can plant <c>pushdir -> /etc</c>; a path string checked
/// and then used can be swapped between check and use, a descriptor cannot. A symbolic link in any
/// component (folder or final name) fails the operation with a clear refusal instead of being followed.
/// Only the relay root itself (chosen by the user in the configuration) may be a link.
/// </summary>
internal sealed class RelayDirectory : IDisposable
{
    // The open flags of this architecture: they differ between x86-64 and arm64 (native-notes/libc.md).
    private static readonly int O_RDONLY = Libc.O_RDONLY, O_WRONLY = Libc.O_WRONLY, O_CREAT = Libc.O_CREAT, O_EXCL = Libc.O_EXCL, O_APPEND = Libc.O_APPEND;
    private static readonly int O_DIRECTORY = Libc.O_DIRECTORY, O_NOFOLLOW = Libc.O_NOFOLLOW, O_CLOEXEC = Libc.O_CLOEXEC;
    private const int ENOENT = 2, EEXIST = 17, ENOTDIR = 20, ELOOP = 40, EINTR = 4; // the same on every Linux architecture we build for

    private readonly SafeFileHandle _fd;

    private RelayDirectory(SafeFileHandle fd, RelayPath path)
    {
        _fd = fd;
        Path = path;
    }

    public RelayPath Path { get; }

    /// <summary>The folder as the kernel sees it now (for enumeration without following a swapped link).</summary>
    public string ProcPath => "/proc/self/fd/" + _fd.DangerousGetHandle();

    /// <summary>Opens <paramref name="directory"/> below <paramref name="root"/>; null when a component is missing and <paramref name="create"/> is false.</summary>
    public static RelayDirectory? Open(string root, RelayPath directory, bool create)
    {
        if (!OperatingSystem.IsLinux())
        {
            // The flags come from Tmds.LibC, which has Linux assemblies only (native-notes/libc.md).
            throw new RelayException(RelayErrorKind.Permanent, $"relay folder {root}: a local folder relay is supported on Linux only");
        }

        var fd = Check(Libc.Open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), RelayPath.Root, "relay folder " + root);
        var current = new RelayDirectory(new SafeFileHandle(fd, ownsHandle: true), RelayPath.Root);
        if (directory.IsRoot)
        {
            return current;
        }

        var walked = RelayPath.Root;
        foreach (var name in directory.Value.Split('/'))
        {
            walked = walked.Append(name);
            using var parent = current;
            var child = Libc.OpenAt(parent.Handle, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0 && Marshal.GetLastPInvokeError() == ENOENT && create)
            {
                if (Libc.MkdirAt(parent.Handle, name, 0x1ED /* 0755 */) != 0 && Marshal.GetLastPInvokeError() != EEXIST)
                {
                    throw Error(Marshal.GetLastPInvokeError(), walked, "create folder");
                }

                child = Libc.OpenAt(parent.Handle, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            }

            if (child < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == ENOENT && !create)
                {
                    return null;
                }

                throw Error(errno, walked, "open folder");
            }

            current = new RelayDirectory(new SafeFileHandle(child, ownsHandle: true), walked);
        }

        return current;
    }

    /// <summary>Opens a file of this folder for writing; never through a link (O_NOFOLLOW on the last component).</summary>
    public FileStream OpenWrite(string name, bool createNew, bool append)
    {
        var flags = O_WRONLY | O_NOFOLLOW | O_CLOEXEC | (createNew ? O_CREAT | O_EXCL : 0) | (append ? O_APPEND : 0);
        var fd = Check(Libc.OpenAt(Handle, name, flags, 0x1A4 /* 0644 */), Path.Append(name), "write");
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, 1 << 16);
    }

    public FileStream OpenRead(string name)
    {
        var fd = Check(Libc.OpenAt(Handle, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), Path.Append(name), "read");
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1 << 16);
    }

    /// <summary>rename(2) within or between opened folders: replaces a link planted at the target instead of following it.</summary>
    public void Rename(string from, RelayDirectory toDir, string to) =>
        Check(Libc.RenameAt(Handle, from, toDir.Handle, to), toDir.Path.Append(to), "rename");

    /// <summary>link(2) without following (flags 0): EEXIST when the name exists in any form, link or not.</summary>
    public int TryLink(string from, string to) => Libc.LinkAt(Handle, from, Handle, to, 0) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>Removes a file (a planted link is removed as a link, never its target); absent is fine.</summary>
    public void Unlink(string name)
    {
        if (Libc.UnlinkAt(Handle, name, 0) != 0 && Marshal.GetLastPInvokeError() is var e && e != ENOENT)
        {
            throw Error(e, Path.Append(name), "delete");
        }
    }

    public void Fsync() => _ = Libc.Fsync(Handle);

    public void Dispose() => _fd.Dispose();

    private int Handle => (int)_fd.DangerousGetHandle();

    private static int Check(int result, RelayPath path, string what) =>
        result >= 0 ? result : throw Error(Marshal.GetLastPInvokeError(), path, what);

    internal static RelayException Error(int errno, RelayPath path, string what) => errno switch
    {
        ELOOP or ENOTDIR => new RelayException(RelayErrorKind.Permanent,
            $"{path}: {what} refused: a component is a symbolic link (or not a folder) on the relay, and links there are never followed"),
        ENOENT => new RelayException(RelayErrorKind.NotFound, $"{path}: not on the relay"),
        EEXIST => new RelayException(RelayErrorKind.AlreadyExists, $"{path}: already on the relay"),
        28 or 122 => new RelayException(RelayErrorKind.QuotaExceeded, $"{path}: relay folder is full ({Marshal.GetPInvokeErrorMessage(errno)})"),
        1 or 13 or 30 => new RelayException(RelayErrorKind.Permanent, $"{path}: {what}: permission denied on the relay folder"),
        EINTR or _ => new RelayException(RelayErrorKind.Transient, $"{path}: {what}: {Marshal.GetPInvokeErrorMessage(errno)}"),
    };
}
