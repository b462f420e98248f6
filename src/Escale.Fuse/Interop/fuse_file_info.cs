using System.Runtime.InteropServices;

namespace Escale.Fuse.Interop;

#pragma warning disable SA1307, IDE1006 // native names

/// <summary>
/// struct fuse_file_info (fuse_common.h), 40 bytes on 64-bit. The C bit-fields live in one
/// unsigned int at offset 4; in 3.14 they are writepage, direct_io, keep_cache, flush,
/// nonseekable, flock_release, cache_readdir, noflush. libfuse 3.15 inserted
/// parallel_direct_writes after keep_cache, so only the first three bits have the same place in
/// every 3.x; we set nothing else.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct fuse_file_info
{
    public const uint FUSE_FI_WRITEPAGE = 1u << 0;
    public const uint FUSE_FI_DIRECT_IO = 1u << 1;
    public const uint FUSE_FI_KEEP_CACHE = 1u << 2;

    public int flags;          // int flags: open(2) flags
    public uint bits;          // unsigned int writepage:1, direct_io:1, keep_cache:1, ... padding:24
    public uint padding2;      // unsigned int padding2:32
    public ulong fh;           // uint64_t fh: our handle
    public ulong lock_owner;   // uint64_t lock_owner
    public uint poll_events;   // uint32_t poll_events
}
