using System.Runtime.InteropServices;

namespace Escale.Fuse.Interop;

#pragma warning disable SA1307, IDE1006 // native names

/// <summary>struct fuse_context (fuse.h): the caller of the current request; private_data is our GCHandle.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct fuse_context
{
    public nint fuse;          // struct fuse *fuse
    public uint uid;
    public uint gid;
    public int pid;
    public nint private_data;  // void *private_data
    public uint umask;
}
