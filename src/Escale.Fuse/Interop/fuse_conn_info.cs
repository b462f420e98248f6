using System.Runtime.InteropServices;

namespace Escale.Fuse.Interop;

#pragma warning disable SA1307, IDE1006 // native names

/// <summary>struct fuse_conn_info (fuse_common.h), 128 bytes: what the kernel can do and what we want.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct fuse_conn_info
{
    public const uint FUSE_CAP_ASYNC_READ = 1u << 0;
    public const uint FUSE_CAP_POSIX_LOCKS = 1u << 1;
    public const uint FUSE_CAP_ATOMIC_O_TRUNC = 1u << 3;
    public const uint FUSE_CAP_FLOCK_LOCKS = 1u << 10;
    public const uint FUSE_CAP_AUTO_INVAL_DATA = 1u << 12;
    public const uint FUSE_CAP_READDIRPLUS = 1u << 13;
    public const uint FUSE_CAP_WRITEBACK_CACHE = 1u << 16;

    public uint proto_major;
    public uint proto_minor;
    public uint max_write;
    public uint max_read;
    public uint max_readahead;
    public uint capable;
    public uint want;
    public uint max_background;
    public uint congestion_threshold;
    public uint time_gran;
    public fixed uint reserved[22];
}
