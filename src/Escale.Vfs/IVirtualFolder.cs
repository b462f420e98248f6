namespace Escale.Vfs;

/// <summary>
/// The platform-neutral file system that every mount front-end (FUSE, later WinFsp or a local
/// WebDAV server) serves. Paths are relative, '/'-separated, without a leading '/'; "" is the
/// root. Open files are integer handles (never 0). Every call returns <see cref="VfsError.Ok"/> or
/// an error; implementations never throw for file-system conditions.
/// </summary>
/// <remarks>
/// Calls arrive concurrently from many threads and are synchronous: an implementation serves
/// from local storage and blocks on the network only with a bound.
/// Locks (flock/fcntl) are not part of the contract: front-ends let the kernel keep them, which
/// gives every process using the mount the usual semantics.
/// </remarks>
public interface IVirtualFolder
{
    /// <summary>Raised when a path changed behind the front-end (a pull installed it, an offer came or went); front-ends drop their caches for it. Never raised on a caller's thread that is inside an operation of this folder.</summary>
    event Action<string>? Invalidated;

    /// <param name="handle">An open handle of the same file, or 0; lets unlinked open files be stat'ed.</param>
    VfsError GetAttributes(string path, long handle, out VfsAttributes attributes);

    VfsError ReadDirectory(string path, out IReadOnlyList<VfsDirectoryEntry> entries);

    VfsError ReadLink(string path, out string target);

    /// <summary>Opens an existing file (fetching it first when it is only offered).</summary>
    VfsError Open(string path, VfsOpenFlags flags, out long handle, out VfsOpenHints hints);

    /// <summary>Creates and opens a file; <see cref="VfsOpenFlags.Exclusive"/> fails on an existing name.</summary>
    VfsError Create(string path, VfsOpenFlags flags, UnixFileMode mode, out long handle, out VfsOpenHints hints);

    /// <summary>Reads at an offset; fewer bytes than asked only at end of file.</summary>
    VfsError Read(long handle, Span<byte> buffer, long offset, out int bytesRead);

    VfsError Write(long handle, ReadOnlySpan<byte> data, long offset, out int bytesWritten);

    /// <param name="handle">The handle of an ftruncate, or 0 for truncate by name.</param>
    VfsError Truncate(string path, long handle, long length);

    /// <summary>posix_fallocate: grows the file to at least offset+length (mode 0 only).</summary>
    VfsError Allocate(long handle, long offset, long length);

    /// <summary>Called on every close(2) of a descriptor of the handle (there can be several).</summary>
    VfsError Flush(long handle);

    VfsError Fsync(long handle, bool dataOnly);

    /// <summary>The last close of the handle; the handle is invalid afterwards.</summary>
    VfsError Release(long handle);

    VfsError Rename(string from, string to, VfsRenameFlags flags);

    VfsError Unlink(string path);

    VfsError MakeDirectory(string path, UnixFileMode mode);

    /// <summary>Fails with <see cref="VfsError.NotEmpty"/> when the directory lists anything, offers included.</summary>
    VfsError RemoveDirectory(string path);

    VfsError SetMode(string path, UnixFileMode mode);

    /// <summary>Sets times; null leaves a time as it is (UTIME_OMIT). Front-ends resolve UTIME_NOW.</summary>
    VfsError SetTimes(string path, long handle, DateTimeOffset? accessed, DateTimeOffset? modified);

    VfsError CreateSymbolicLink(string target, string path);

    VfsError CreateHardLink(string existing, string path);

    VfsError GetFileSystemStats(out VfsFileSystemStats stats);

    /// <summary><see cref="VfsError.NoData"/> for an attribute that does not exist.</summary>
    VfsError GetExtendedAttribute(string path, string name, out byte[] value);

    VfsError ListExtendedAttributes(string path, out IReadOnlyList<string> names);

    VfsError SetExtendedAttribute(string path, string name, ReadOnlySpan<byte> value);

    VfsError RemoveExtendedAttribute(string path, string name);
}
