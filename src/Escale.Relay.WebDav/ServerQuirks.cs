using System.Net;

namespace Escale.Relay.WebDav;

/// <summary>
/// What differs between WebDAV servers, in one place, each with what it works around
/// (native-notes/webdav-servers.md has the evidence).
/// </summary>
internal static class ServerQuirks
{
    /// <summary>
    /// MKCOL on an existing collection: RFC 4918 says 405 (Apache, nginx, rclone); some servers answer
    /// 301 (a redirect to the slash form) or 409 is never "exists" (it means a missing parent).
    /// </summary>
    public static bool MkcolMeansExists(HttpStatusCode status) =>
        status is HttpStatusCode.MethodNotAllowed or HttpStatusCode.MovedPermanently;

    /// <summary>How often a MOVE answered 423 Locked (a concurrent request, rclone) is sent again.</summary>
    public const int BusyAttempts = 8;

    /// <summary>
    /// Files a server keeps for itself in the served folder and may show in listings:
    /// Apache mod_dav_fs writes a PUT to <c>.davfs.tmp*</c> and keeps properties in <c>.DAV/</c>.
    /// </summary>
    public static bool IsServerInternal(string name) =>
        name.StartsWith(".davfs.tmp", StringComparison.Ordinal) || name == ".DAV";

    /// <summary>
    /// Whether MOVE with Overwrite: T replaces the target with one rename(2). Apache's mod_dav and
    /// golang.org/x/net/webdav (rclone) delete the destination first and then move, which leaves a moment
    /// without the file; nginx's dav module renames over it. Unknown servers: assume the worst.
    /// </summary>
    public static bool MoveOverwriteIsAtomic(string? serverHeader) =>
        serverHeader is not null && serverHeader.StartsWith("nginx", StringComparison.OrdinalIgnoreCase);
}
