using System.Runtime.InteropServices;

namespace Escale.Fuse.Interop;

#pragma warning disable SA1307, IDE1006 // native names

/// <summary>
/// struct fuse_operations of libfuse 3.14 (fuse.h, FUSE_USE_VERSION 314): 42 function pointers,
/// 336 bytes on 64-bit. Field order is the ABI; the layout test checks every offset against gcc.
/// Unused entries stay null so libfuse answers ENOSYS (or lets the kernel do the work: no
/// flock/lock means the kernel keeps file locks itself).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct fuse_operations
{
    public nint getattr;          // int (*)(const char *, struct stat *, struct fuse_file_info *fi)
    public nint readlink;         // int (*)(const char *, char *, size_t)
    public nint mknod;            // int (*)(const char *, mode_t, dev_t)
    public nint mkdir;            // int (*)(const char *, mode_t)
    public nint unlink;           // int (*)(const char *)
    public nint rmdir;            // int (*)(const char *)
    public nint symlink;          // int (*)(const char *, const char *)
    public nint rename;           // int (*)(const char *, const char *, unsigned int flags)
    public nint link;             // int (*)(const char *, const char *)
    public nint chmod;            // int (*)(const char *, mode_t, struct fuse_file_info *fi)
    public nint chown;            // int (*)(const char *, uid_t, gid_t, struct fuse_file_info *fi)
    public nint truncate;         // int (*)(const char *, off_t, struct fuse_file_info *fi)
    public nint open;             // int (*)(const char *, struct fuse_file_info *)
    public nint read;             // int (*)(const char *, char *, size_t, off_t, struct fuse_file_info *)
    public nint write;            // int (*)(const char *, const char *, size_t, off_t, struct fuse_file_info *)
    public nint statfs;           // int (*)(const char *, struct statvfs *)
    public nint flush;            // int (*)(const char *, struct fuse_file_info *)
    public nint release;          // int (*)(const char *, struct fuse_file_info *)
    public nint fsync;            // int (*)(const char *, int, struct fuse_file_info *)
    public nint setxattr;         // int (*)(const char *, const char *, const char *, size_t, int)
    public nint getxattr;         // int (*)(const char *, const char *, char *, size_t)
    public nint listxattr;        // int (*)(const char *, char *, size_t)
    public nint removexattr;      // int (*)(const char *, const char *)
    public nint opendir;          // int (*)(const char *, struct fuse_file_info *)
    public nint readdir;          // int (*)(const char *, void *, fuse_fill_dir_t, off_t, struct fuse_file_info *, enum fuse_readdir_flags)
    public nint releasedir;       // int (*)(const char *, struct fuse_file_info *)
    public nint fsyncdir;         // int (*)(const char *, int, struct fuse_file_info *)
    public nint init;             // void *(*)(struct fuse_conn_info *conn, struct fuse_config *cfg)
    public nint destroy;          // void (*)(void *private_data)
    public nint access;           // int (*)(const char *, int)
    public nint create;           // int (*)(const char *, mode_t, struct fuse_file_info *)
    public nint @lock;            // int (*)(const char *, struct fuse_file_info *, int cmd, struct flock *)
    public nint utimens;          // int (*)(const char *, const struct timespec tv[2], struct fuse_file_info *fi)
    public nint bmap;             // int (*)(const char *, size_t blocksize, uint64_t *idx)
    public nint ioctl;            // int (*)(const char *, unsigned int cmd, void *arg, struct fuse_file_info *, unsigned int flags, void *data)
    public nint poll;             // int (*)(const char *, struct fuse_file_info *, struct fuse_pollhandle *ph, unsigned *reventsp)
    public nint write_buf;        // int (*)(const char *, struct fuse_bufvec *buf, off_t off, struct fuse_file_info *)
    public nint read_buf;         // int (*)(const char *, struct fuse_bufvec **bufp, size_t size, off_t off, struct fuse_file_info *)
    public nint flock;            // int (*)(const char *, struct fuse_file_info *, int op)
    public nint fallocate;        // int (*)(const char *, int, off_t, off_t, struct fuse_file_info *)
    public nint copy_file_range;  // ssize_t (*)(const char *path_in, struct fuse_file_info *fi_in, off_t offset_in, const char *path_out, struct fuse_file_info *fi_out, off_t offset_out, size_t size, int flags)
    public nint lseek;            // off_t (*)(const char *, off_t off, int whence, struct fuse_file_info *)
}
