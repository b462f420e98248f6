using System.Runtime.InteropServices;
using System.Text;
using Escale.Fuse.Interop;
using Escale.Vfs;

namespace Escale.Fuse.Callbacks;

#pragma warning disable IDE1006 // native names

/// <summary>Callbacks that read names and attributes: getattr, readdir, readlink, statfs, xattrs.</summary>
internal static unsafe partial class FuseCallbacks
{
    // int getattr(const char *path, struct stat *st, struct fuse_file_info *fi);
    [UnmanagedCallersOnly]
    private static int getattr(byte* path, stat* st, fuse_file_info* fi)
    {
        try
        {
            var s = Session;
            var r = s.Folder.GetAttributes(PathOf(path), Handle(fi), out var a);
            if (r == VfsError.Ok)
            {
                Fill(st, a, s);
            }

            return Result(r);
        }
        catch (Exception e)
        {
            return Fail(nameof(getattr), e);
        }
    }

    // int readdir(const char *path, void *buf, fuse_fill_dir_t filler, off_t offset, struct fuse_file_info *fi, enum fuse_readdir_flags flags);
    // typedef int (*fuse_fill_dir_t)(void *buf, const char *name, const struct stat *stbuf, off_t off, enum fuse_fill_dir_flags flags);
    [UnmanagedCallersOnly]
    private static int readdir(byte* path, void* buf, nint filler, long offset, fuse_file_info* fi, int flags)
    {
        try
        {
            var s = Session;
            var r = s.Folder.ReadDirectory(PathOf(path), out var entries);
            if (r != VfsError.Ok)
            {
                return Result(r);
            }

            var fill = (delegate* unmanaged<void*, byte*, stat*, long, int, int>)filler;
            byte* dot = stackalloc byte[] { (byte)'.', 0, (byte)'.', (byte)'.', 0 };
            fill(buf, dot, null, 0, 0);
            fill(buf, dot + 2, null, 0, 0);

            // offset 0 everywhere: libfuse buffers the whole listing and pages it to the kernel itself
            Span<byte> name = stackalloc byte[1024];
            stat st;
            foreach (var entry in entries)
            {
                var n = Encoding.UTF8.GetBytes(entry.Name, name[..^1]);
                name[n] = 0;
                Fill(&st, entry.Attributes, s);
                fixed (byte* p = name)
                {
                    if (fill(buf, p, &st, 0, Errno.FUSE_FILL_DIR_PLUS) != 0)
                    {
                        break;
                    }
                }
            }

            return 0;
        }
        catch (Exception e)
        {
            return Fail(nameof(readdir), e);
        }
    }

    // int readlink(const char *path, char *buf, size_t size);  buf gets a NUL-terminated, possibly truncated target
    [UnmanagedCallersOnly]
    private static int readlink(byte* path, byte* buf, nuint size)
    {
        try
        {
            var r = Session.Folder.ReadLink(PathOf(path), out var target);
            if (r != VfsError.Ok)
            {
                return Result(r);
            }

            if (size == 0)
            {
                return -Errno.EINVAL;
            }

            var bytes = Encoding.UTF8.GetBytes(target);
            var n = (int)Math.Min((nuint)bytes.Length, size - 1);
            bytes.AsSpan(0, n).CopyTo(new Span<byte>(buf, n));
            buf[n] = 0;
            return 0;
        }
        catch (Exception e)
        {
            return Fail(nameof(readlink), e);
        }
    }

    // int statfs(const char *path, struct statvfs *st);
    [UnmanagedCallersOnly]
    private static int statfs(byte* path, statvfs* st)
    {
        try
        {
            var r = Session.Folder.GetFileSystemStats(out var v);
            if (r == VfsError.Ok)
            {
                *st = default;
                st->f_bsize = (ulong)v.BlockSize;
                st->f_frsize = (ulong)v.BlockSize;
                st->f_blocks = (ulong)v.TotalBlocks;
                st->f_bfree = (ulong)v.FreeBlocks;
                st->f_bavail = (ulong)v.AvailableBlocks;
                st->f_files = (ulong)v.TotalFiles;
                st->f_ffree = (ulong)v.FreeFiles;
                st->f_favail = (ulong)v.FreeFiles;
                st->f_namemax = (ulong)v.MaxNameLength;
            }

            return Result(r);
        }
        catch (Exception e)
        {
            return Fail(nameof(statfs), e);
        }
    }

    // int getxattr(const char *path, const char *name, char *value, size_t size);  returns the length
    [UnmanagedCallersOnly]
    private static int getxattr(byte* path, byte* name, byte* value, nuint size)
    {
        try
        {
            var r = Session.Folder.GetExtendedAttribute(PathOf(path), StringOf(name), out var bytes);
            return r == VfsError.Ok ? CopyOut(bytes, value, size) : Result(r);
        }
        catch (Exception e)
        {
            return Fail(nameof(getxattr), e);
        }
    }

    // int listxattr(const char *path, char *list, size_t size);  NUL-separated names, returns the length
    [UnmanagedCallersOnly]
    private static int listxattr(byte* path, byte* list, nuint size)
    {
        try
        {
            var r = Session.Folder.ListExtendedAttributes(PathOf(path), out var names);
            if (r != VfsError.Ok)
            {
                return Result(r);
            }

            var all = new List<byte>();
            foreach (var n in names)
            {
                all.AddRange(Utf8Z(n));
            }

            return CopyOut(CollectionsMarshal.AsSpan(all), list, size);
        }
        catch (Exception e)
        {
            return Fail(nameof(listxattr), e);
        }
    }

    // int setxattr(const char *path, const char *name, const char *value, size_t size, int flags);
    [UnmanagedCallersOnly]
    private static int setxattr(byte* path, byte* name, byte* value, nuint size, int flags)
    {
        try
        {
            return Result(Session.Folder.SetExtendedAttribute(PathOf(path), StringOf(name), new ReadOnlySpan<byte>(value, (int)size)));
        }
        catch (Exception e)
        {
            return Fail(nameof(setxattr), e);
        }
    }

    // int removexattr(const char *path, const char *name);
    [UnmanagedCallersOnly]
    private static int removexattr(byte* path, byte* name)
    {
        try
        {
            return Result(Session.Folder.RemoveExtendedAttribute(PathOf(path), StringOf(name)));
        }
        catch (Exception e)
        {
            return Fail(nameof(removexattr), e);
        }
    }
}
