namespace Escale.Vfs;

/// <summary>
/// The neutral error of every <see cref="IVirtualFolder"/> operation. The numeric values are
/// Linux's errno values only so that the FUSE front-end can negate them without a table; other
/// front-ends (WinFsp, WebDAV) map by name.
/// </summary>
public enum VfsError
{
    Ok = 0,
    NotPermitted = 1,        // EPERM
    NotFound = 2,            // ENOENT
    IoError = 5,             // EIO
    BadHandle = 9,           // EBADF
    AccessDenied = 13,       // EACCES
    Busy = 16,               // EBUSY
    Exists = 17,             // EEXIST
    CrossDevice = 18,        // EXDEV
    NotADirectory = 20,      // ENOTDIR
    IsADirectory = 21,       // EISDIR
    InvalidArgument = 22,    // EINVAL
    TooManyOpenFiles = 24,   // EMFILE
    FileTooLarge = 27,       // EFBIG
    NoSpace = 28,            // ENOSPC
    ReadOnly = 30,           // EROFS
    RangeError = 34,         // ERANGE (xattr buffer too small)
    NameTooLong = 36,        // ENAMETOOLONG
    NotImplemented = 38,     // ENOSYS
    NotEmpty = 39,           // ENOTEMPTY
    NoData = 61,             // ENODATA (no such xattr)
    NotSupported = 95,       // EOPNOTSUPP
    TimedOut = 110,          // ETIMEDOUT
    QuotaExceeded = 122,     // EDQUOT
}
