using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Escale.Relay.Ftp.Client;

/// <summary>Data connections: passive mode (EPSV, else PASV), REST, and TLS on the data connection.</summary>
internal sealed partial class FtpConnection
{
    /// <summary>
    /// Opens a passive data connection and starts <paramref name="command"/> on it. Returns the stream,
    /// or null with the server's refusal (550, 552...) for the caller to translate in its context.
    /// </summary>
    public async Task<(FtpDataStream? Stream, FtpReply Reply)> StartTransferAsync(string command, long restartAt, CancellationToken cancellationToken)
    {
        var endpoint = await PassiveEndpointAsync(cancellationToken);
        var data = await GuardAsync("data connection", token => FtpSockets.ConnectAsync(endpoint, _options.Timeout, token), cancellationToken);
        try
        {
            if (restartAt > 0)
            {
                var rest = await CommandAsync("REST " + restartAt.ToString(CultureInfo.InvariantCulture), cancellationToken);
                if (rest.Code != 350)
                {
                    data.Dispose();
                    return (null, rest);
                }
            }

            var start = await CommandAsync(command, cancellationToken);
            if (!start.IsPreliminary)
            {
                data.Dispose();
                return (null, start);
            }

            Stream stream = new NetworkStream(data, ownsSocket: true);
            if (DataProtected)
            {
                // Same options as the control connection, so .NET resumes its TLS session: vsftpd and
                // proftpd refuse data connections that do not (require_ssl_reuse, TLSOptions default).
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await GuardAsync("TLS on the data connection", async token =>
                {
                    await ssl.AuthenticateAsClientAsync(_tls!, token);
                    return true;
                }, cancellationToken);
            }

            return (new FtpDataStream(this, stream, _options.Timeout), start);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    private async Task<IPEndPoint> PassiveEndpointAsync(CancellationToken cancellationToken)
    {
        // The data connection always goes to the control connection's address: a server behind NAT
        // announces its private address in PASV, and trusting the address invites FTP bounce.
        var host = ((IPEndPoint)_socket.RemoteEndPoint!).Address;
        if (host.IsIPv4MappedToIPv6)
        {
            host = host.MapToIPv4(); // the control socket is dual-mode; the data socket is made for the family
        }

        IPEndPoint? endpoint = null;
        if (!_epsvRefused)
        {
            var epsv = await CommandAsync("EPSV", cancellationToken);
            if (epsv.Code == 229 && EpsvPort().Match(epsv.Text) is { Success: true } m)
            {
                endpoint = new IPEndPoint(host, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            }
            else if (epsv.IsPermanentNegative)
            {
                _epsvRefused = true; // RFC 2428 is optional: fall back to PASV for the rest of the session
            }
            else
            {
                throw FtpErrors.ForReply(epsv, "EPSV", FtpOperation.Other, _options.Endpoint);
            }
        }

        if (endpoint is null)
        {
            var pasv = await CommandAsync("PASV", cancellationToken);
            var m = PasvAddress().Match(pasv.Text);
            if (pasv.Code != 227 || !m.Success)
            {
                throw FtpErrors.ForReply(pasv, "PASV", FtpOperation.Other, _options.Endpoint);
            }

            var port = (int.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture) << 8) + int.Parse(m.Groups[6].Value, CultureInfo.InvariantCulture);
            endpoint = new IPEndPoint(host, port);
        }

        return _options.DataEndpointMap?.Invoke(endpoint) ?? endpoint;
    }

    // 227 Entering Passive Mode (h1,h2,h3,h4,p1,p2) (RFC 959 §4.1.2)
    [GeneratedRegex(@"(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)")]
    private static partial Regex PasvAddress();

    // 229 Entering Extended Passive Mode (|||6446|): any printable delimiter, repeated (RFC 2428 §3)
    [GeneratedRegex(@"\(([!-~])\1\1(\d+)\1\)")]
    private static partial Regex EpsvPort();
}
