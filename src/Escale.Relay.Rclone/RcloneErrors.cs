using System.Net.Sockets;

namespace Escale.Relay.Rclone;

/// <summary>
/// The one place where rclone's answers become <see cref="RelayException"/> kinds. The rc API answers
/// 404 for "object/directory not found", 400 for bad parameters and 500 for everything else, with the
/// backend's error text: so a 500 is classified by that text (the backends' own words for a refused
/// login, a full account, a missing remote), and what is left is Transient (rclone already gave up its
/// own low-level retries, ours are bounded).
/// </summary>
internal static class RcloneErrors
{
    private static readonly string[] LoginWords = ["InvalidAccessKeyId", "SignatureDoesNotMatch", "401 Unauthorized", "unable to authenticate", "invalid_grant", "token expired", "couldn't connect SSH: ssh: handshake failed", "Unauthorized"];
    private static readonly string[] FullWords = ["no space left", "quota", "QuotaExceeded", "insufficient_space", "507 Insufficient Storage", "storage limit"];
    private static readonly string[] PermanentWords = ["didn't find section in config file", "unknown backend", "permission denied", "AccessDenied", "NoSuchBucket", "is a directory", "not a directory", "InvalidBucketName"];

    public static RelayException FromAnswer(int status, string error, string what)
    {
        var kind = status switch
        {
            404 => RelayErrorKind.NotFound,
            400 => RelayErrorKind.Permanent,
            401 or 403 => RelayErrorKind.Permanent, // our own rcd refusing us: a bug, not a relay login
            _ => Classify(error),
        };
        var message = kind switch
        {
            RelayErrorKind.NotFound => $"{what}: not on the relay",
            RelayErrorKind.Authentication => $"{what}: the remote refused rclone's login ({Short(error)}); check it with 'rclone config'",
            RelayErrorKind.QuotaExceeded => $"{what}: the relay is full ({Short(error)})",
            _ => $"{what}: {Short(error)}",
        };
        return new RelayException(kind, message);
    }

    /// <summary>A failure talking to our own rcd (it died, or a body was cut): Transient.</summary>
    public static RelayException FromTransport(Exception e, string what, string daemonLog) =>
        new(RelayErrorKind.Transient, Innermost(e) is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
            ? $"{what}: rclone rcd is not answering ({daemonLog})"
            : $"{what}: {Innermost(e).Message}", e);

    public static bool IsTransport(Exception e) => e is HttpRequestException or IOException or SocketException;

    private static RelayErrorKind Classify(string error)
    {
        if (LoginWords.Any(w => error.Contains(w, StringComparison.OrdinalIgnoreCase)))
        {
            return RelayErrorKind.Authentication;
        }

        if (FullWords.Any(w => error.Contains(w, StringComparison.OrdinalIgnoreCase)))
        {
            return RelayErrorKind.QuotaExceeded;
        }

        return PermanentWords.Any(w => error.Contains(w, StringComparison.OrdinalIgnoreCase)) ? RelayErrorKind.Permanent : RelayErrorKind.Transient;
    }

    private static string Short(string error) => error.Length > 300 ? error[..300] + "…" : error.ReplaceLineEndings(" ");

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
