using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.Ftp.Client;

/// <summary>Opening a connection: greeting, TLS, login, then what the server offers (FEAT, SYST, PWD).</summary>
internal sealed partial class FtpConnection
{
    public static async Task<FtpConnection> OpenAsync(FtpConnectionOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var socket = await FtpSockets.ConnectAsync(options.Host, options.Port, options.Timeout, cancellationToken);
        socket.NoDelay = true;
        var connection = new FtpConnection(options, logger, socket);
        try
        {
            await connection.LogInAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task LogInAsync(CancellationToken cancellationToken)
    {
        if (_options.Tls == FtpTlsMode.Implicit)
        {
            await StartTlsAsync(cancellationToken);
        }

        var banner = await ReadReplyAsync("greeting", cancellationToken);
        while (banner.Code == 120)
        {
            banner = await ReadReplyAsync("greeting", cancellationToken);
        }

        if (banner.Code != 220)
        {
            throw FtpErrors.Connect(_options, $"the server is not ready ({banner})", banner.IsTransientNegative);
        }

        Banner = banner.OneLine;
        if (_options.Tls == FtpTlsMode.Explicit)
        {
            var auth = await CommandAsync("AUTH TLS", cancellationToken);
            if (auth.Code != 234)
            {
                throw FtpErrors.Connect(_options, $"the server refused TLS (AUTH TLS: {auth}); use protocol = ftp only if a clear-text login is acceptable", transient: auth.Code == 421);
            }

            await StartTlsAsync(cancellationToken);
        }

        var user = await CommandAsync("USER " + _options.User, cancellationToken);
        if (user.Code == 331 || user.Code == 332)
        {
            user = await CommandAsync("PASS " + _options.Password, cancellationToken, logAs: "PASS ****");
        }

        if (user.Code != 230 && user.Code != 202)
        {
            throw user.Code == 530 || user.Code == 331 || user.Code == 332
                ? new RelayException(RelayErrorKind.Authentication, $"login refused for user {_options.User} on {_options.Endpoint} ({user.OneLine.Trim()})")
                : FtpErrors.Connect(_options, $"login of {_options.User} failed ({user})", user.IsTransientNegative);
        }

        if (_options.Tls != FtpTlsMode.None)
        {
            // RFC 4217 §9: PBSZ 0 then PROT P, so that data connections are encrypted too.
            await ExpectAsync("PBSZ 0", 200, cancellationToken);
            var prot = await CommandAsync("PROT P", cancellationToken);
            DataProtected = prot.Code == 200;
            if (!DataProtected)
            {
                throw FtpErrors.Connect(_options, $"the server refused encrypted data connections (PROT P: {prot})", transient: false);
            }
        }

        Features = FtpFeatures.Parse(await CommandAsync("FEAT", cancellationToken));
        var syst = await CommandAsync("SYST", cancellationToken);
        System = syst.Code == 215 ? syst.OneLine : null;
        if (Features.Utf8)
        {
            await CommandAsync("OPTS UTF8 ON", cancellationToken); // some servers answer 202 "always on": fine either way
        }

        await ExpectAsync("TYPE I", 200, cancellationToken);
        var pwd = await CommandAsync("PWD", cancellationToken);
        HomeDirectory = pwd.Code == 257 ? ParsePwd(pwd.Text) ?? "/" : "/";
    }

    private async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        if (_reader.HasBufferedData)
        {
            throw FtpErrors.Connect(_options, "the server sent data before the TLS handshake", transient: false);
        }

        _sessionName = FtpTlsSessionNames.Acquire(_options.Host);
        _tls = FtpSockets.TlsOptions(_options, _sessionName);
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        try
        {
            using var timeout = Timeout(cancellationToken);
            await ssl.AuthenticateAsClientAsync(_tls, timeout.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync();
            var why = _options.Certificates.LastRefusal is { } refusal
                ? $"its TLS certificate is not trusted: {refusal}; set 'certificate' to that fingerprint or to the server's PEM file, or 'verify ssl = no'"
                : $"the TLS handshake failed: {FtpErrors.Innermost(e)}";
            throw FtpErrors.Connect(_options, why, transient: e is not AuthenticationException);
        }

        _stream = ssl;
        _reader.Stream = ssl;
        TlsSummary = $"{ssl.SslProtocol}, {ssl.NegotiatedCipherSuite}";
    }

    private static string? ParsePwd(string text)
    {
        // 257 "/dir with ""quotes""" is the current directory (RFC 959 appendix II)
        var first = text.IndexOf('"');
        if (first < 0)
        {
            return null;
        }

        var sb = new StringBuilder();
        for (var i = first + 1; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                    continue;
                }

                return sb.ToString();
            }

            sb.Append(text[i]);
        }

        return null;
    }
}
