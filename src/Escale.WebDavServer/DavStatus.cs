using Escale.Vfs;
using Microsoft.AspNetCore.WebUtilities;

namespace Escale.WebDavServer;

/// <summary>The one place that turns folder errors into HTTP status codes (the FUSE host does the same with errno).</summary>
internal static class DavStatus
{
    public static int Of(VfsError error) => error switch
    {
        VfsError.Ok => 200,
        VfsError.NotFound => 404,
        VfsError.AccessDenied or VfsError.NotPermitted or VfsError.ReadOnly => 403,
        VfsError.Exists => 412,
        VfsError.NotEmpty or VfsError.NotADirectory or VfsError.IsADirectory or VfsError.CrossDevice => 409,
        VfsError.Busy => 423,
        VfsError.NoSpace or VfsError.QuotaExceeded or VfsError.FileTooLarge => 507,
        VfsError.NameTooLong or VfsError.InvalidArgument => 400,
        VfsError.NotSupported or VfsError.NotImplemented => 501,
        VfsError.TimedOut => 504,
        _ => 500,
    };

    public static string Line(int status) => $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}";
}
