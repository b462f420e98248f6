using System.Runtime.InteropServices;

namespace Escale.Fuse.Interop;

#pragma warning disable SA1307, IDE1006 // native names

/// <summary>struct fuse_config (fuse.h), filled by libfuse from -o options and adjusted in init().</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct fuse_config
{
    public int set_gid;
    public uint gid;
    public int set_uid;
    public uint uid;
    public int set_mode;
    public uint umask;
    public double entry_timeout;
    public double negative_timeout;
    public double attr_timeout;
    public int intr;
    public int intr_signal;
    public int remember;
    public int hard_remove;
    public int use_ino;
    public int readdir_ino;
    public int direct_io;
    public int kernel_cache;
    public int auto_cache;
    public int no_rofd_flush;
    public int ac_attr_timeout_set;
    public double ac_attr_timeout;
    public int nullpath_ok;
    public int show_help;
    public nint modules;       // char *modules
    public int debug;
}
