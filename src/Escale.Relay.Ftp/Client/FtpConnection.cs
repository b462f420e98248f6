using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
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
        if (IsBroken)
        {
            // e.g. a 421 just arrived: the caller's next step fails like any lost connection would
            throw new RelayException(RelayErrorKind.Transient, $"{_options.Endpoint}: connection closed by the server ({logAs ?? command})");
        }

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
}
