using System.Runtime.InteropServices;
using Escale.Fuse.Interop;
using Escale.Vfs;

namespace Escale.Fuse.Callbacks;

#pragma warning disable IDE1006 // native names

/// <summary>Callbacks on file contents and handles.</summary>
internal static unsafe partial class FuseCallbacks
{
    // int open(const char *path, struct fuse_file_info *fi);
    [UnmanagedCallersOnly]
    private static int open(byte* path, fuse_file_info* fi)
    {
        try
        {
            var r = Session.Folder.Open(PathOf(path), FlagsOf(fi->flags), out var handle, out var hints);
            SetHandle(fi, r, handle, hints);
            return Result(r);
        }
        catch (Exception e)
        {
            return Fail(nameof(open), e);
        }
    }

    // int create(const char *path, mode_t mode, struct fuse_file_info *fi);
    [UnmanagedCallersOnly]
    private static int create(byte* path, uint mode, fuse_file_info* fi)
    {
        try
        {
            var r = Session.Folder.Create(PathOf(path), FlagsOf(fi->flags), (UnixFileMode)(mode & 0xFFF), out var handle, out var hints);
            SetHandle(fi, r, handle, hints);
            return Result(r);
        }
        catch (Exception e)
        {
            return Fail(nameof(create), e);
        }
    }

    // int read(const char *path, char *buf, size_t size, off_t offset, struct fuse_file_info *fi);  returns bytes read
    [UnmanagedCallersOnly]
    private static int read(byte* path, byte* buf, nuint size, long offset, fuse_file_info* fi)
    {
        try
        {
            var r = Session.Folder.Read(Handle(fi), new Span<byte>(buf, (int)size), offset, out var n);
            return r == VfsError.Ok ? n : Result(r);
        }
        catch (Exception e)
        {
            return Fail(nameof(read), e);
        }
    }

    // int write(const char *path, const char *buf, size_t size, off_t offset, struct fuse_file_info *fi);  returns bytes written
    [UnmanagedCallersOnly]
    private static int write(byte* path, byte* buf, nuint size, long offset, fuse_file_info* fi)
    {
        try
        {
            var r = Session.Folder.Write(Handle(fi), new ReadOnlySpan<byte>(buf, (int)size), offset, out var n);
            return r == VfsError.Ok ? n : Result(r);
        }
        catch (Exception e)
        {
            return Fail(nameof(write), e);
        }
    }

    // int truncate(const char *path, off_t size, struct fuse_file_info *fi);  fi is set for ftruncate
    [UnmanagedCallersOnly]
    private static int truncate(byte* path, long size, fuse_file_info* fi)
    {
        try
        {
            return Result(Session.Folder.Truncate(PathOf(path), Handle(fi), size));
        }
        catch (Exception e)
        {
            return Fail(nameof(truncate), e);
        }
    }

    // int fallocate(const char *path, int mode, off_t offset, off_t length, struct fuse_file_info *fi);
    [UnmanagedCallersOnly]
    private static int fallocate(byte* path, int mode, long offset, long length, fuse_file_info* fi)
    {
        try
        {
            // KEEP_SIZE, PUNCH_HOLE, ZERO_RANGE... are refused; glibc's posix_fallocate then writes zeros itself
            return mode != 0 ? -Errno.EOPNOTSUPP : Result(Session.Folder.Allocate(Handle(fi), offset, length));
        }
        catch (Exception e)
        {
            return Fail(nameof(fallocate), e);
        }
    }

    // int flush(const char *path, struct fuse_file_info *fi);
    [UnmanagedCallersOnly]
    private static int flush(byte* path, fuse_file_info* fi)
    {
        try
        {
            return Result(Session.Folder.Flush(Handle(fi)));
        }
        catch (Exception e)
        {
            return Fail(nameof(flush), e);
        }
    }

    // int fsync(const char *path, int datasync, struct fuse_file_info *fi);
    [UnmanagedCallersOnly]
    private static int fsync(byte* path, int datasync, fuse_file_info* fi)
    {
        try
        {
            return Result(Session.Folder.Fsync(Handle(fi), datasync != 0));
        }
        catch (Exception e)
        {
            return Fail(nameof(fsync), e);
        }
    }

    // int release(const char *path, struct fuse_file_info *fi);  the return value is ignored by the kernel
    [UnmanagedCallersOnly]
    private static int release(byte* path, fuse_file_info* fi)
    {
        try
        {
            return Result(Session.Folder.Release(Handle(fi)));
        }
        catch (Exception e)
        {
            return Fail(nameof(release), e);
        }
    }

    // int chmod(const char *path, mode_t mode, struct fuse_file_info *fi);
    [UnmanagedCallersOnly]
    private static int chmod(byte* path, uint mode, fuse_file_info* fi)
    {
        try
        {
            return Result(Session.Folder.SetMode(PathOf(path), (UnixFileMode)(mode & 0xFFF)));
        }
        catch (Exception e)
        {
            return Fail(nameof(chmod), e);
        }
    }

    // int chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi);  (uid_t)-1 = unchanged
    [UnmanagedCallersOnly]
    private static int chown(byte* path, uint uid, uint gid, fuse_file_info* fi)
    {
        try
        {
            // Everything in the mount belongs to the mount's user; only a no-op chown succeeds (cp -p, rsync -o).
            var s = Session;
            return (uid == uint.MaxValue || uid == s.Uid) && (gid == uint.MaxValue || gid == s.Gid) ? 0 : -Errno.EPERM;
        }
        catch (Exception e)
        {
            return Fail(nameof(chown), e);
        }
    }

    // int utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi);  tv[0] atime, tv[1] mtime
    [UnmanagedCallersOnly]
    private static int utimens(byte* path, timespec* tv, fuse_file_info* fi)
    {
        try
        {
            var now = DateTimeOffset.UtcNow;
            DateTimeOffset? Time(timespec t) => t.tv_nsec == timespec.UTIME_OMIT ? null
                : t.tv_nsec == timespec.UTIME_NOW ? now : t.ToDateTimeOffset();
            var accessed = tv == null ? now : Time(tv[0]);
            var modified = tv == null ? now : Time(tv[1]);
            return Result(Session.Folder.SetTimes(PathOf(path), Handle(fi), accessed, modified));
        }
        catch (Exception e)
        {
            return Fail(nameof(utimens), e);
        }
    }

    private static VfsOpenFlags FlagsOf(int flags)
    {
        var result = (flags & Errno.O_ACCMODE) switch
        {
            Errno.O_WRONLY => VfsOpenFlags.Write,
            Errno.O_RDWR => VfsOpenFlags.ReadWrite,
            _ => VfsOpenFlags.Read,
        };
        if ((flags & Errno.O_APPEND) != 0)
        {
            result |= VfsOpenFlags.Append;
        }

        if ((flags & Errno.O_TRUNC) != 0)
        {
            result |= VfsOpenFlags.Truncate;
        }

        if ((flags & Errno.O_EXCL) != 0)
        {
            result |= VfsOpenFlags.Exclusive;
        }

        return result;
    }

    private static void SetHandle(fuse_file_info* fi, VfsError r, long handle, VfsOpenHints hints)
    {
        if (r != VfsError.Ok)
        {
            return;
        }

        fi->fh = (ulong)handle;
        if (hints.HasFlag(VfsOpenHints.DirectIo))
        {
            fi->bits |= fuse_file_info.FUSE_FI_DIRECT_IO;
            fi->bits &= ~fuse_file_info.FUSE_FI_KEEP_CACHE;
        }
    }
}
