using Escale.Core.Config;

namespace Escale.Relay.Sftp;

/// <summary>
/// The SFTP options of one repository, read and checked once. The defaults are stated here and
/// nowhere else: port 22, <c>known hosts</c> = ~/.ssh/known_hosts, <c>keepalive</c> = 30 s,
/// <c>timeout</c> = 30 s, user = the local user name.
/// </summary>
public sealed record SftpSettings
{
    public const int DefaultPort = 22;
    public static readonly TimeSpan DefaultKeepAlive = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public required string Host { get; init; }

    public int Port { get; init; } = DefaultPort;

    public required string User { get; init; }

    /// <summary>Password login, when given (may be combined with a key).</summary>
    public string? Password { get; init; }

    /// <summary>Private key in OpenSSH (or PEM) format.</summary>
    public string? KeyFile { get; init; }

    public string? KeyPassphrase { get; init; }

    /// <summary>A pinned host key fingerprint, <c>SHA256:base64</c>; when set, known_hosts is not consulted.</summary>
    public string? PinnedHostKey { get; init; }

    public string KnownHostsFile { get; init; } = DefaultKnownHosts();

    /// <summary>Relative to the login folder (the chroot for a confined user) unless absolute.</summary>
    public string RelayDir { get; init; } = "";

    public TimeSpan KeepAlive { get; init; } = DefaultKeepAlive;

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public int Transfers { get; init; } = 4;

    /// <summary>The endpoint as ssh writes it in known_hosts: <c>host</c>, or <c>[host]:port</c> off port 22.</summary>
    public string KnownHostsName => Port == DefaultPort ? Host : $"[{Host}]:{Port}";

    public string Display => $"sftp://{User}@{Host}{(Port == DefaultPort ? "" : ":" + Port)}/{RelayDir.TrimStart('/')}";

    public static SftpSettings FromConfig(RepositoryConfig config, Func<string, string?>? prompt = null)
    {
        var where = $"{config.File}: [{config.Name}]";
        var host = config.HostAddress ?? throw new ConfigException($"{where}: protocol sftp needs 'host address'");
        int? port = config.Port;
        if (host.StartsWith("sftp://", StringComparison.OrdinalIgnoreCase) || host.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase))
        {
            host = host[(host.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
        }

        var colon = host.LastIndexOf(':');
        if (colon > 0 && host.IndexOf(':') == colon && int.TryParse(host[(colon + 1)..], out var p))
        {
            port ??= p;
            host = host[..colon];
        }

        if (host.Contains('@') || host.Contains('/'))
        {
            throw new ConfigException($"{where}: 'host address' must be a host name (put the user in 'user' and the folder in 'relay dir')");
        }

        var keyFile = config.GetPath("ssh key");
        if (keyFile is not null && !File.Exists(keyFile))
        {
            throw new ConfigException($"{where}: ssh key {keyFile} does not exist");
        }

        var endpoint = $"{host}:{port ?? DefaultPort}";
        string user;
        string? password;
        if (keyFile is not null && config.GetOrNull<string>("password") is null && config.GetOrNull<string>("secret file") is null)
        {
            // A key login needs no password: do not ask for one.
            user = config.GetOrNull<string>("user") ?? Environment.UserName;
            password = null;
        }
        else
        {
            var credentials = RelayCredentials.Resolve(config, Environment.UserName, endpoint, prompt);
            (user, password) = (credentials.User, credentials.Password);
        }

        return new SftpSettings
        {
            Host = host.Trim('[', ']'),
            Port = port ?? DefaultPort,
            User = user,
            Password = password,
            KeyFile = keyFile,
            KeyPassphrase = config.GetOrNull<string>("ssh key passphrase") ?? PassphraseFromFile(config.GetPath("ssh key passphrase file"), where),
            PinnedHostKey = config.GetOrNull<string>("host key"),
            KnownHostsFile = config.GetPath("known hosts") ?? DefaultKnownHosts(),
            RelayDir = config.RelayDir,
            KeepAlive = config.Get("keepalive", DefaultKeepAlive),
            Timeout = config.Get("timeout", DefaultTimeout),
            Transfers = config.Transfers,
        };
    }

    private static string? PassphraseFromFile(string? file, string where)
    {
        if (file is null)
        {
            return null;
        }

        try
        {
            return File.ReadLines(file).FirstOrDefault()?.TrimEnd('\r') ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{where}: cannot read ssh key passphrase file {file}: {e.Message}");
        }
    }

    private static string DefaultKnownHosts() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");
}
