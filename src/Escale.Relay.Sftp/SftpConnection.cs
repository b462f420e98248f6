using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Escale.Relay.Sftp;

/// <summary>
/// The one SSH session of a store and its SFTP channel (SSH.NET pipelines concurrent requests on
/// it). Keep-alive packets keep NAT and firewalls from dropping an idle session; a session found
/// lost is reconnected on the next call, one reconnect at a time. The host key is verified on every
/// (re)connection by <see cref="SftpHostKeys"/>.
/// </summary>
internal sealed class SftpConnection : IAsyncDisposable
{
    private readonly SftpSettings _settings;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SftpClient? _client;
    private string? _hostKeyRefusal;
    private bool _disposed;

    public SftpConnection(SftpSettings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
    }

    public SftpSettings Settings => _settings;

    public ILogger Logger => _logger;

    /// <summary>How the host key was accepted at the last connection (for the probe report).</summary>
    public string HostKeyNote { get; private set; } = "";

    public string ServerVersion { get; private set; } = "";

    public int Reconnects { get; private set; }

    /// <summary>A connected client: the current one, or a new session when it was lost.</summary>
    public async Task<SftpClient> ClientAsync(CancellationToken cancellationToken)
    {
        var current = _client;
        if (current is { IsConnected: true })
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_client is { IsConnected: true } again)
            {
                return again;
            }

            if (_client is not null)
            {
                Reconnects++;
                _logger.LogInformation("SFTP {Relay}: session lost; reconnecting", _settings.Display);
                _client.Dispose();
                _client = null;
            }

            _client = await ConnectAsync(cancellationToken);
            return _client;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops the session after a connection-level failure, so that the next call reconnects.</summary>
    public void Invalidate(SftpClient client)
    {
        if (ReferenceEquals(_client, client))
        {
            try
            {
                client.Disconnect();
            }
            catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                // already gone
            }
        }
    }

    private async Task<SftpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var where = $"connect to {_settings.Host}:{_settings.Port}";
        var methods = new List<AuthenticationMethod>();
        if (_settings.KeyFile is { } keyFile)
        {
            methods.Add(new PrivateKeyAuthenticationMethod(_settings.User, LoadKey(keyFile)));
        }

        if (_settings.Password is { } password)
        {
            methods.Add(new PasswordAuthenticationMethod(_settings.User, password));
        }

        if (methods.Count == 0)
        {
            throw new RelayException(RelayErrorKind.Authentication, $"{where}: no password and no 'ssh key' for user {_settings.User}");
        }

        var info = new ConnectionInfo(_settings.Host, _settings.Port, _settings.User, [.. methods]) { Timeout = _settings.Timeout };
        var client = new SftpClient(info) { OperationTimeout = _settings.Timeout };
        if (_settings.KeepAlive > TimeSpan.Zero)
        {
            client.KeepAliveInterval = _settings.KeepAlive;
        }

        _hostKeyRefusal = null;
        client.HostKeyReceived += OnHostKey;
        client.ServerIdentificationReceived += (_, e) => ServerVersion = e.SshIdentification.ToString();
        try
        {
            await client.ConnectAsync(cancellationToken);
            return client;
        }
        catch (Exception e) when (SftpErrors.IsTranslatable(e))
        {
            client.Dispose();
            if (_hostKeyRefusal is { } refusal)
            {
                throw new RelayException(RelayErrorKind.Permanent, refusal, e);
            }

            throw SftpErrors.Translate(e, where);
        }
    }

    private void OnHostKey(object? sender, HostKeyEventArgs e)
    {
        string[]? lines = null;
        if (_settings.PinnedHostKey is null)
        {
            try
            {
                lines = File.Exists(_settings.KnownHostsFile) ? File.ReadAllLines(_settings.KnownHostsFile) : null;
            }
            catch (Exception x) when (x is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("cannot read {File}: {Message}", _settings.KnownHostsFile, x.Message);
            }
        }

        var verdict = SftpHostKeys.Decide(_settings.KnownHostsName, e.HostKeyName, e.HostKey, _settings.PinnedHostKey, _settings.KnownHostsFile, lines);
        e.CanTrust = verdict.Trusted;
        _hostKeyRefusal = verdict.Refusal;
        HostKeyNote = verdict.How;
    }

    private PrivateKeyFile LoadKey(string file)
    {
        try
        {
            return _settings.KeyPassphrase is { } passphrase ? new PrivateKeyFile(file, passphrase) : new PrivateKeyFile(file);
        }
        catch (SshPassPhraseNullOrEmptyException e)
        {
            throw new RelayException(RelayErrorKind.Authentication, $"ssh key {file} is protected by a passphrase: set 'ssh key passphrase'", e);
        }
        catch (Exception e) when (e is SshException or CryptographicException or IOException or UnauthorizedAccessException or ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new RelayException(RelayErrorKind.Authentication, $"ssh key {file} cannot be used (wrong passphrase, or not an OpenSSH/PEM private key): {e.Message}", e);
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        var client = Interlocked.Exchange(ref _client, null);
        if (client is not null)
        {
            try
            {
                client.Disconnect();
            }
            catch (Exception e) when (SftpErrors.IsTranslatable(e))
            {
                // closing anyway
            }

            client.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
