using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.Ftp.Client;

/// <summary>
/// One logged-in control connection. Not thread-safe: the pool hands it to one operation at a time.
/// Any I/O failure, timeout or 421 marks it broken; the pool then drops it and the next operation
/// gets a fresh connection (this is the "transparent reconnect": no retry happens here).
/// </summary>
internal sealed partial class FtpConnection : IAsyncDisposable
{
    private readonly FtpConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly Socket _socket;
    private readonly FtpReplyReader _reader;
    private Stream _stream;
    private SslClientAuthenticationOptions? _tls;
    private string? _sessionName;
    private bool _epsvRefused;

    private FtpConnection(FtpConnectionOptions options, ILogger logger, Socket socket)
    {
        _options = options;
        _logger = logger;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new FtpReplyReader(_stream);
    }

    public string Banner { get; private set; } = "";

    public string? System { get; private set; }

    public FtpFeatures Features { get; private set; } = new();

    /// <summary>The login folder (PWD right after login), absolute.</summary>
    public string HomeDirectory { get; private set; } = "/";

    public bool IsBroken { get; private set; }

    /// <summary>Protocol and cipher of the control connection, null without TLS.</summary>
    public string? TlsSummary { get; private set; }

    public bool DataProtected { get; private set; }

    public long LastUsed { get; private set; } = Environment.TickCount64;

    public FtpConnectionOptions Options => _options;

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

    /// <summary>Sends a command and waits for its final reply (a preliminary 1xx is returned as is).</summary>
    public async Task<FtpReply> CommandAsync(string command, CancellationToken cancellationToken, string? logAs = null)
    {
        await SendAsync(command, logAs, cancellationToken);
        return await ReadReplyAsync(logAs ?? command, cancellationToken);
    }

    public async Task<FtpReply> ExpectAsync(string command, int code, CancellationToken cancellationToken)
    {
        var reply = await CommandAsync(command, cancellationToken);
        if (reply.Code != code)
        {
            throw FtpErrors.ForReply(reply, command, FtpOperation.Other, _options.Endpoint);
        }

        return reply;
    }

    public async Task SendAsync(string command, string? logAs, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsBroken, this);
        _logger.LogTrace("ftp {Endpoint} > {Command}", _options.Endpoint, logAs ?? command);
        var bytes = Encoding.UTF8.GetBytes(command + "\r\n");
        await GuardAsync(logAs ?? command, async token =>
        {
            await _stream.WriteAsync(bytes, token);
            await _stream.FlushAsync(token);
            return true;
        }, cancellationToken);
    }

    public async Task<FtpReply> ReadReplyAsync(string forCommand, CancellationToken cancellationToken)
    {
        var reply = await GuardAsync(forCommand, token => _reader.ReadAsync(token), cancellationToken);
        _logger.LogTrace("ftp {Endpoint} < {Reply}", _options.Endpoint, reply);
        LastUsed = Environment.TickCount64;
        if (reply.Code == 421)
        {
            IsBroken = true; // the server is closing this connection (shutdown, idle timeout, too many users)
        }

        return reply;
    }

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

    /// <summary>True when the pool may hand this connection out again without a round trip.</summary>
    public bool LooksAlive()
    {
        if (IsBroken || _reader.HasBufferedData)
        {
            return false;
        }

        try
        {
            // Readable while idle means the server closed (EOF) or said something on its own (421).
            return !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public void MarkBroken() => IsBroken = true;

    /// <summary>Says goodbye when the connection is healthy; bounded, never throws.</summary>
    public async Task QuitAsync()
    {
        if (!IsBroken)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await CommandAsync("QUIT", cts.Token);
            }
            catch (Exception e) when (e is RelayException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }

        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        IsBroken = true;
        try
        {
            await _stream.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }

        _socket.Dispose();
        if (Interlocked.Exchange(ref _sessionName, null) is { } name)
        {
            FtpTlsSessionNames.Release(name);
        }
    }

    internal CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_options.Timeout);
        return cts;
    }

    /// <summary>Runs one network step with the timeout; a failure breaks the connection and becomes Transient.</summary>
    internal async Task<T> GuardAsync<T>(string what, Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken);
        try
        {
            return await step(timeout.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            IsBroken = true; // the conversation stopped mid-way: its state is unknown
            throw;
        }
        catch (OperationCanceledException e)
        {
            IsBroken = true;
            throw new RelayException(RelayErrorKind.Transient, $"{_options.Endpoint}: no answer within {_options.Timeout.TotalSeconds:0.#} s ({what})", e);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or AuthenticationException)
        {
            IsBroken = true;
            throw new RelayException(RelayErrorKind.Transient, $"{_options.Endpoint}: connection lost ({what}): {FtpErrors.Innermost(e)}", e);
        }
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

    [GeneratedRegex(@"(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)")]
    private static partial Regex PasvAddress();

    // 229 Entering Extended Passive Mode (|||6446|): any printable delimiter, repeated (RFC 2428 §3)
    [GeneratedRegex(@"\(([!-~])\1\1(\d+)\1\)")]
    private static partial Regex EpsvPort();
}
