using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Escale.Relay.WebDav;

/// <summary>
/// The one place where HTTP answers and transport failures become <see cref="RelayException"/> kinds:
/// 423/429/5xx (but 501, 505) and resets or timeouts are Transient (with Retry-After when given);
/// 401 Authentication; 507 QuotaExceeded; 404 NotFound; 412 AlreadyExists; other 4xx Permanent.
/// </summary>
internal static class WebDavErrors
{
    public static RelayException FromStatus(HttpResponseMessage response, string what)
    {
        var status = (int)response.StatusCode;
        var reason = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
        var kind = status switch
        {
            401 => RelayErrorKind.Authentication,
            404 or 410 => RelayErrorKind.NotFound,
            412 => RelayErrorKind.AlreadyExists,
            507 => RelayErrorKind.QuotaExceeded,
            408 or 423 or 425 or 429 => RelayErrorKind.Transient,
            501 or 505 => RelayErrorKind.Permanent,
            >= 500 => RelayErrorKind.Transient,
            _ => RelayErrorKind.Permanent,
        };
        var message = status switch
        {
            401 => $"{what}: the server refused the login ({reason}); check user and password",
            403 => $"{what}: access denied by the server ({reason})",
            507 => $"{what}: the relay is full ({reason})",
            _ => $"{what}: {reason}",
        };
        return new RelayException(kind, message) { RetryAfter = RetryAfter(response) };
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>A failure below HTTP (connection, TLS, timeout). Caller cancellation is not translated.</summary>
    public static RelayException FromTransport(Exception e, string what, IdleTimer? timer, TlsPolicy? tls)
    {
        if (timer is not null && timer.Expired)
        {
            return new RelayException(RelayErrorKind.Transient, $"{what}: no answer from the server for {timer.Timeout.TotalSeconds:0} s", e);
        }

        if (e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } || e.InnerException is AuthenticationException)
        {
            var why = tls?.LastRefusal ?? Innermost(e).Message;
            return new RelayException(RelayErrorKind.Permanent, $"{what}: TLS connection refused: {why}", e);
        }

        if (e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError })
        {
            return new RelayException(RelayErrorKind.Transient, $"{what}: host name not found ({Innermost(e).Message})", e);
        }

        if (Innermost(e) is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return new RelayException(RelayErrorKind.Transient, $"{what}: connection refused (is the server running?)", e);
        }

        return new RelayException(RelayErrorKind.Transient, $"{what}: {Innermost(e).Message}", e);
    }

    public static bool IsTransport(Exception e) => e is HttpRequestException or IOException or OperationCanceledException or SocketException;

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
