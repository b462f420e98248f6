using System.Runtime.InteropServices;

namespace Escale.Fuse.Interop;

#pragma warning disable SA1307, IDE1006, CS8981 // native names

/// <summary>struct statvfs of glibc on x86-64 (112 bytes, 64-bit counters).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct statvfs
{
    public ulong f_bsize;
    public ulong f_frsize;
    public ulong f_blocks;
    public ulong f_bfree;
    public ulong f_bavail;
    public ulong f_files;
    public ulong f_ffree;
    public ulong f_favail;
    public ulong f_fsid;
    public ulong f_flag;
    public ulong f_namemax;
    public fixed int __f_spare[6];
}
