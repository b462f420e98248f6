namespace Escale.Vfs;

/// <summary>Translates local-file exceptions into <see cref="VfsError"/> in one place.</summary>
public static class VfsErrors
{
    /// <summary>Maps an errno (Linux numbering) to the nearest <see cref="VfsError"/>.</summary>
    public static VfsError FromErrno(int errno) =>
        Enum.IsDefined(typeof(VfsError), errno) && errno != 0 ? (VfsError)errno : errno switch
        {
            11 => VfsError.Busy,          // EAGAIN/EWOULDBLOCK: a lock held elsewhere
            31 => VfsError.NotPermitted,  // EMLINK
            40 => VfsError.InvalidArgument, // ELOOP
            _ => VfsError.IoError,
        };

    /// <summary>
    /// .NET on Unix puts the raw errno into <see cref="Exception.HResult"/> for the IOExceptions it
    /// does not specialise (EEXIST, ENOTEMPTY, EXDEV, ENOSPC...), so that is tried first.
    /// </summary>
    public static VfsError FromException(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => VfsError.NotFound,
        UnauthorizedAccessException => VfsError.AccessDenied,
        PathTooLongException => VfsError.NameTooLong,
        IOException io when io.HResult is > 0 and < 4096 => FromErrno(io.HResult),
        IOException => VfsError.IoError,
        ArgumentOutOfRangeException => VfsError.FileTooLarge, // .NET's EFBIG
        ArgumentException => VfsError.InvalidArgument,
        ObjectDisposedException => VfsError.BadHandle,
        NotSupportedException or PlatformNotSupportedException => VfsError.NotSupported,
        _ => VfsError.IoError,
    };
}
