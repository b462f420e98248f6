using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Escale.Relay.Ftp.Client;

/// <summary>Everything needed to open and log in one control connection. Holds the password: never log it.</summary>
internal sealed class FtpConnectionOptions
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    public required string User { get; init; }

    public required string Password { get; init; }

    public FtpTlsMode Tls { get; init; }

    public FtpCertificatePolicy Certificates { get; init; } = FtpCertificatePolicy.Default;

    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Per command (reply wait) and per transfer step (no byte moved for this long = stalled).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where a passive data connection really goes, given where the server said it listens. Tests put a
    /// fault proxy there; production leaves it null.
    /// </summary>
    internal Func<IPEndPoint, IPEndPoint>? DataEndpointMap { get; init; }

    public string Endpoint => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
