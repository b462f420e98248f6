using System.Runtime.InteropServices;

namespace Escale.Fuse.Interop;

#pragma warning disable SA1307, IDE1006 // native names

/// <summary>struct fuse_args (fuse_opt.h): argc, NULL-terminated argv, and whether libfuse allocated argv.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct fuse_args
{
    public int argc;
    public nint argv;      // char **argv
    public int allocated;
}
