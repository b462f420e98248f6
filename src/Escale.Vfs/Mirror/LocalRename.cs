using System.Runtime.InteropServices;
using Escale.Core.Interop;

namespace Escale.Vfs.Mirror;

/// <summary>
/// rename(2) with POSIX semantics on the mirror. .NET's File.Move/Directory.Move refuse to replace
/// a directory and emulate no-replace with link+unlink, so on Linux renameat2 is called directly:
/// it gives RENAME_NOREPLACE and RENAME_EXCHANGE atomically and the exact errno (ENOTEMPTY,
/// EISDIR, ENOTDIR...). Elsewhere the .NET calls are the fallback.
/// </summary>
internal static class LocalRename
{
    private const int AT_FDCWD = -100;
    private const int ENOSYS = 38;
    private const int EINVAL = 22;

    public static VfsError Rename(string fromFull, string toFull, VfsRenameFlags flags)
    {
        if (OperatingSystem.IsLinux())
        {
            if (Libc.RenameAt2(AT_FDCWD, fromFull, AT_FDCWD, toFull, (uint)flags) == 0)
            {
                return VfsError.Ok;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != ENOSYS && !(errno == EINVAL && flags != VfsRenameFlags.None))
            {
                return VfsErrors.FromErrno(errno);
            }
        }

        return Fallback(fromFull, toFull, flags);
    }

    private static VfsError Fallback(string fromFull, string toFull, VfsRenameFlags flags)
    {
        if (flags.HasFlag(VfsRenameFlags.Exchange))
        {
            return VfsError.InvalidArgument;
        }

        try
        {
            if (Directory.Exists(fromFull))
            {
                if (Directory.Exists(toFull) || File.Exists(toFull))
                {
                    return VfsError.Exists;
                }

                Directory.Move(fromFull, toFull);
            }
            else
            {
                // not atomic on file systems without link(2): documented in native-notes
                if (flags.HasFlag(VfsRenameFlags.NoReplace) && (File.Exists(toFull) || Directory.Exists(toFull)))
                {
                    return VfsError.Exists;
                }

                File.Move(fromFull, toFull, overwrite: true);
            }

            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }
}
