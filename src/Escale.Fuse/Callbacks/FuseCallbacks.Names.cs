using System.Runtime.InteropServices;
using Escale.Fuse.Interop;
using Escale.Vfs;

namespace Escale.Fuse.Callbacks;

#pragma warning disable IDE1006 // native names

/// <summary>Callbacks that change names: rename, unlink, mkdir, rmdir, links.</summary>
internal static unsafe partial class FuseCallbacks
{
    // int rename(const char *from, const char *to, unsigned int flags);  RENAME_NOREPLACE = 1 (mv -n), RENAME_EXCHANGE = 2
    [UnmanagedCallersOnly]
    private static int rename(byte* from, byte* to, uint flags)
    {
        try
        {
            if ((flags & ~(Errno.RENAME_NOREPLACE | Errno.RENAME_EXCHANGE)) != 0)
            {
                return -Errno.EINVAL; // RENAME_WHITEOUT is for overlay file systems
            }

            return Result(Session.Folder.Rename(PathOf(from), PathOf(to), (VfsRenameFlags)flags));
        }
        catch (Exception e)
        {
            return Fail(nameof(rename), e);
        }
    }

    // int unlink(const char *path);
    [UnmanagedCallersOnly]
    private static int unlink(byte* path)
    {
        try
        {
            return Result(Session.Folder.Unlink(PathOf(path)));
        }
        catch (Exception e)
        {
            return Fail(nameof(unlink), e);
        }
    }

    // int mkdir(const char *path, mode_t mode);
    [UnmanagedCallersOnly]
    private static int mkdir(byte* path, uint mode)
    {
        try
        {
            return Result(Session.Folder.MakeDirectory(PathOf(path), (UnixFileMode)(mode & 0xFFF)));
        }
        catch (Exception e)
        {
            return Fail(nameof(mkdir), e);
        }
    }

    // int rmdir(const char *path);
    [UnmanagedCallersOnly]
    private static int rmdir(byte* path)
    {
        try
        {
            return Result(Session.Folder.RemoveDirectory(PathOf(path)));
        }
        catch (Exception e)
        {
            return Fail(nameof(rmdir), e);
        }
    }

    // int symlink(const char *target, const char *linkpath);
    [UnmanagedCallersOnly]
    private static int symlink(byte* target, byte* linkpath)
    {
        try
        {
            return Result(Session.Folder.CreateSymbolicLink(StringOf(target), PathOf(linkpath)));
        }
        catch (Exception e)
        {
            return Fail(nameof(symlink), e);
        }
    }

    // int link(const char *oldpath, const char *newpath);
    [UnmanagedCallersOnly]
    private static int link(byte* oldpath, byte* newpath)
    {
        try
        {
            return Result(Session.Folder.CreateHardLink(PathOf(oldpath), PathOf(newpath)));
        }
        catch (Exception e)
        {
            return Fail(nameof(link), e);
        }
    }
}
