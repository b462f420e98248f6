using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Escale.Relay.Ftp.Client;

/// <summary>TCP connects with a timeout, and the one TLS option set shared by control and data connections.</summary>
internal static class FtpSockets
{
    public static async Task<Socket> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, cts.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RelayException(RelayErrorKind.Transient, $"cannot connect to {host}:{port}: no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var why = e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (is the FTP server running, and is the port right?)",
                SocketError.HostNotFound or SocketError.NoData => "unknown host",
                _ => e.Message,
            };
            throw new RelayException(RelayErrorKind.Transient, $"cannot connect to {host}:{port}: {why}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static async Task<Socket> ConnectAsync(IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Built once per connection and reused for its data connections: .NET resumes a TLS session only
    /// when target host, certificates and protocols match.
    /// </summary>
    public static SslClientAuthenticationOptions TlsOptions(FtpConnectionOptions options) => new()
    {
        TargetHost = options.Host,
        RemoteCertificateValidationCallback = options.Certificates.Validate,
        ClientCertificates = options.ClientCertificate is null ? null : new X509CertificateCollection { options.ClientCertificate },
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };
}
