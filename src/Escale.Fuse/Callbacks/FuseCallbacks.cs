using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Escale.Fuse.Interop;
using Escale.Vfs;

namespace Escale.Fuse.Callbacks;

#pragma warning disable IDE1006 // callbacks keep the names of the fuse_operations members they fill

/// <summary>
/// The fuse_operations table: one [UnmanagedCallersOnly] static per operation, each mapping the
/// native call to one <see cref="IVirtualFolder"/> call and back. Every callback catches
/// everything and returns -errno: no exception may unwind into libfuse.
/// </summary>
internal static unsafe partial class FuseCallbacks
{
    public static fuse_operations* CreateTable()
    {
        var ops = (fuse_operations*)NativeMemory.AllocZeroed((nuint)sizeof(fuse_operations));
        ops->getattr = (nint)(delegate* unmanaged<byte*, stat*, fuse_file_info*, int>)&getattr;
        ops->readlink = (nint)(delegate* unmanaged<byte*, byte*, nuint, int>)&readlink;
        ops->mkdir = (nint)(delegate* unmanaged<byte*, uint, int>)&mkdir;
        ops->unlink = (nint)(delegate* unmanaged<byte*, int>)&unlink;
        ops->rmdir = (nint)(delegate* unmanaged<byte*, int>)&rmdir;
        ops->symlink = (nint)(delegate* unmanaged<byte*, byte*, int>)&symlink;
        ops->rename = (nint)(delegate* unmanaged<byte*, byte*, uint, int>)&rename;
        ops->link = (nint)(delegate* unmanaged<byte*, byte*, int>)&link;
        ops->chmod = (nint)(delegate* unmanaged<byte*, uint, fuse_file_info*, int>)&chmod;
        ops->chown = (nint)(delegate* unmanaged<byte*, uint, uint, fuse_file_info*, int>)&chown;
        ops->truncate = (nint)(delegate* unmanaged<byte*, long, fuse_file_info*, int>)&truncate;
        ops->open = (nint)(delegate* unmanaged<byte*, fuse_file_info*, int>)&open;
        ops->read = (nint)(delegate* unmanaged<byte*, byte*, nuint, long, fuse_file_info*, int>)&read;
        ops->write = (nint)(delegate* unmanaged<byte*, byte*, nuint, long, fuse_file_info*, int>)&write;
        ops->statfs = (nint)(delegate* unmanaged<byte*, statvfs*, int>)&statfs;
        ops->flush = (nint)(delegate* unmanaged<byte*, fuse_file_info*, int>)&flush;
        ops->release = (nint)(delegate* unmanaged<byte*, fuse_file_info*, int>)&release;
        ops->fsync = (nint)(delegate* unmanaged<byte*, int, fuse_file_info*, int>)&fsync;
        ops->setxattr = (nint)(delegate* unmanaged<byte*, byte*, byte*, nuint, int, int>)&setxattr;
        ops->getxattr = (nint)(delegate* unmanaged<byte*, byte*, byte*, nuint, int>)&getxattr;
        ops->listxattr = (nint)(delegate* unmanaged<byte*, byte*, nuint, int>)&listxattr;
        ops->removexattr = (nint)(delegate* unmanaged<byte*, byte*, int>)&removexattr;
        ops->readdir = (nint)(delegate* unmanaged<byte*, void*, nint, long, fuse_file_info*, int, int>)&readdir;
        ops->init = (nint)(delegate* unmanaged<fuse_conn_info*, fuse_config*, nint>)&init;
        ops->create = (nint)(delegate* unmanaged<byte*, uint, fuse_file_info*, int>)&create;
        ops->utimens = (nint)(delegate* unmanaged<byte*, timespec*, fuse_file_info*, int>)&utimens;
        ops->fallocate = (nint)(delegate* unmanaged<byte*, int, long, long, fuse_file_info*, int>)&fallocate;
        return ops;
    }

    // void *init(struct fuse_conn_info *conn, struct fuse_config *cfg);
    [UnmanagedCallersOnly]
    private static nint init(fuse_conn_info* conn, fuse_config* cfg)
    {
        var privateData = LibFuse.fuse_get_context()->private_data;
        try
        {
            var s = (FuseSession)GCHandle.FromIntPtr(privateData).Target!;
            cfg->use_ino = 0;
            cfg->hard_remove = 1;   // unlink really unlinks: no .fuse_hidden files in the synced mirror
            cfg->nullpath_ok = 0;   // readdir and fstat of a folder need the path (we have no opendir); unlinked files still get NULL
            cfg->entry_timeout = s.Options.AttributeTimeout.TotalSeconds;
            cfg->attr_timeout = s.Options.AttributeTimeout.TotalSeconds;
            cfg->negative_timeout = 0; // an offer may appear at any time
            cfg->kernel_cache = 0;
            cfg->auto_cache = 1;    // keep_cache on open when mtime and size did not change
            if (s.Options.WritebackCache && (conn->capable & fuse_conn_info.FUSE_CAP_WRITEBACK_CACHE) != 0)
            {
                conn->want |= fuse_conn_info.FUSE_CAP_WRITEBACK_CACHE;
                s.WritebackCacheOn = true;
            }

            s.Negotiated = $"proto {conn->proto_major}.{conn->proto_minor}, max_write {conn->max_write}, capable 0x{conn->capable:x}, want 0x{conn->want:x}";
        }
        catch (Exception)
        {
            // nothing to report to: keep libfuse's defaults
        }

        return privateData;
    }

    private static FuseSession Session
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (FuseSession)GCHandle.FromIntPtr(LibFuse.fuse_get_context()->private_data).Target!;
    }

    /// <summary>"/a/b" → "a/b"; NULL (an unlinked file, nullpath_ok) → "".</summary>
    private static string PathOf(byte* path)
    {
        if (path == null)
        {
            return "";
        }

        var s = Marshal.PtrToStringUTF8((nint)path) ?? "";
        return s.Length > 0 && s[0] == '/' ? s[1..] : s;
    }

    private static string StringOf(byte* s) => Marshal.PtrToStringUTF8((nint)s) ?? "";

    private static int Result(VfsError error) => -(int)error;

    private static int Fail(string operation, Exception e)
    {
        try
        {
            var error = VfsErrors.FromException(e);
            if (e is not IOException and not UnauthorizedAccessException)
            {
                Session.Unexpected(operation, e);
            }

            return -(int)error;
        }
        catch
        {
            return -Errno.EIO;
        }
    }

    private static long Handle(fuse_file_info* fi) => fi == null ? 0 : (long)fi->fh;

    private static void Fill(stat* st, in VfsAttributes a, FuseSession s)
    {
        *st = default;
        var kind = a.Kind switch
        {
            VfsEntryKind.Directory => stat.S_IFDIR,
            VfsEntryKind.SymbolicLink => stat.S_IFLNK,
            _ => stat.S_IFREG,
        };
        st->st_mode = kind | ((uint)a.Mode & 0xFFF);
        st->st_nlink = 1; // "unknown" for directories, as sshfs does: nobody may count subfolders from it
        st->st_uid = s.Uid;
        st->st_gid = s.Gid;
        st->st_size = a.Size;
        st->st_blksize = 4096;
        st->st_blocks = a.Blocks;
        st->st_atim = timespec.From(a.Accessed);
        st->st_mtim = timespec.From(a.Modified);
        st->st_ctim = timespec.From(a.Changed);
    }

    /// <summary>Copies a value out the xattr way: size 0 asks for the length, too small a buffer is ERANGE.</summary>
    private static int CopyOut(ReadOnlySpan<byte> value, byte* buffer, nuint size)
    {
        if (size == 0)
        {
            return value.Length;
        }

        if ((nuint)value.Length > size)
        {
            return -Errno.ERANGE;
        }

        value.CopyTo(new Span<byte>(buffer, value.Length));
        return value.Length;
    }

    private static byte[] Utf8Z(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
