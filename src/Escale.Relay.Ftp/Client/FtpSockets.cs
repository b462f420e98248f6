using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
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
    /// when target name and protocols match (see <see cref="FtpTlsSessionNames"/>), and never with a
    /// client certificate. TLS 1.2 on purpose: .NET offers a TLS 1.3 ticket only once, and ProFTPD does
    /// not hand out a fresh one on data connections, so the second transfer of a session would be
    /// refused; a TLS 1.2 session can be resumed by every data connection of its control connection.
    /// </summary>
    public static SslClientAuthenticationOptions TlsOptions(FtpConnectionOptions options, string sessionName) => new()
    {
        TargetHost = sessionName,
        RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            options.Certificates.Validate(options.Host, FtpTlsSessionNames.IsSynthetic(sessionName), certificate, chain, errors),
        ClientCertificates = options.ClientCertificate is null ? null : new X509CertificateCollection { options.ClientCertificate },
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        EnabledSslProtocols = SslProtocols.Tls12,
    };
}
