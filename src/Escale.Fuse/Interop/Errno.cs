namespace Escale.Fuse.Interop;

#pragma warning disable IDE1006 // native names

/// <summary>The errno values (Linux) the callbacks return negated, and the open(2)/rename(2) flags they read.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int ENOSYS = 38;
    public const int ENOTCONN = 107;
    public const int EOPNOTSUPP = 95;

    public const int O_ACCMODE = 0x3;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_EXCL = 0x80;
    public const int O_TRUNC = 0x200;
    public const int O_APPEND = 0x400;

    public const uint RENAME_NOREPLACE = 1;
    public const uint RENAME_EXCHANGE = 2;

    public const int FUSE_FILL_DIR_PLUS = 1 << 1;
}
