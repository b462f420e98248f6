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
    /// Whether MOVE with Overwrite: T replaces the target with one rename(2). rclone (golang.org/x/net/webdav)
    /// removes the destination first: a reader saw it missing 16 times in 342 during 150 such MOVEs.
    /// nginx's dav module renames over it (0 in 314). Apache showed 0 in 316, but its generic MOVE removes
    /// an existing destination before the repository's move, so it is treated as not atomic; unknown
    /// servers likewise. (Overwrites do not depend on it where the server's PUT is atomic, see the probe.)
    /// </summary>
    public static bool MoveOverwriteIsAtomic(string? serverHeader) =>
        serverHeader is not null && serverHeader.StartsWith("nginx", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether MOVE with Overwrite: F has exactly one winner when several clients race for one name.
    /// Apache mod_dav checks that the destination exists, then renames: two steps, and a 12-way race had
    /// two winners on a loaded machine (one winner when idle). rclone (golang.org/x/net/webdav) locks
    /// source and destination per request and may well be race-free, but it sends no Server header to
    /// recognise it by. So only a server naming itself rclone counts; every other one gets its locks
    /// verified by the protocol (re-read after CreateNewSettleTime).
    /// </summary>
    public static bool MoveNoOverwriteIsRaceFree(string? serverHeader) =>
        serverHeader is not null && serverHeader.Contains("rclone", StringComparison.OrdinalIgnoreCase);
}
