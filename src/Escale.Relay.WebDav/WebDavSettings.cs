using Escale.Core.Config;

namespace Escale.Relay.WebDav;

/// <summary>
/// Where and how to connect, resolved from the repository options. Two address forms:
/// <c>host address = dav.example.org</c> (+ <c>port</c>, scheme from <c>protocol</c>) or a URL such as
/// <c>https://cloud.example.org:8443/remote.php/dav/files/u</c>; <c>relay dir</c> is below either.
/// </summary>
public sealed record WebDavSettings
{
    /// <summary>Server root of the URL (scheme, host, port), no path.</summary>
    public required Uri Origin { get; init; }

    /// <summary>Encoded path segments of the URL part the user gave (must exist on the server).</summary>
    public required IReadOnlyList<string> ServerSegments { get; init; }

    /// <summary>Decoded segments of <c>relay dir</c> (created with MKCOL at connect when missing).</summary>
    public required IReadOnlyList<string> RelaySegments { get; init; }

    public string? User { get; init; }

    public string? Password { get; init; }

    public bool VerifyTls { get; init; } = true;

    /// <summary>PEM file or SHA-256 fingerprint that the server certificate must match.</summary>
    public string? PinnedCertificate { get; init; }

    public string? ClientCertificateFile { get; init; }

    public string? ClientKeyFile { get; init; }

    /// <summary>Longest silence tolerated on a connection (connect, headers, or between body chunks).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether a missing <c>relay dir</c> is created at connect (a new repository) or is an error.</summary>
    public RelayRootMode RootMode { get; init; } = RelayRootMode.Create;

    /// <summary>
    /// <see cref="RelayTempNames.TagOf"/> of the client name, carried by our temps and probes. The default
    /// stands for a client that never set one (tests); every agent sets its own.
    /// </summary>
    public string OwnerTag { get; init; } = RelayTempNames.TagOf(Environment.MachineName);

    /// <summary>Pooled connections to the server.</summary>
    public int Transfers { get; init; } = 4;

    /// <summary>The relay folder, for messages.</summary>
    public string Display => Origin.GetLeftPart(UriPartial.Authority) + "/" + string.Join('/', ServerSegments.Select(Uri.UnescapeDataString).Concat(RelaySegments));

    public static WebDavSettings FromConfig(RepositoryConfig config)
    {
        var host = config.HostAddress ?? throw new RelayException(RelayErrorKind.Permanent, $"[{config.Name}]: protocol {config.Protocol} needs 'host address'");
        var secure = config.Protocol == "webdavs";
        var (user, password) = Credentials(config, host);
        return Parse(host, config.Port, secure, config.RelayDir) with
        {
            User = user,
            Password = password,
            VerifyTls = config.Get("verify ssl", true),
            PinnedCertificate = PinValue(config),
            ClientCertificateFile = config.GetPath("certfile"),
            ClientKeyFile = config.GetPath("keyfile"),
            Timeout = config.Get("timeout", TimeSpan.FromSeconds(60)),
            Transfers = config.Transfers,
            OwnerTag = RelayTempNames.TagOf(config.Client),
        };
    }

    /// <summary>
    /// The shared <see cref="RelayCredentials"/> reader (so a <c>user:password</c> secret file reads as
    /// the README says); with neither user, password nor secret file the server is used anonymously.
    /// </summary>
    private static (string? User, string? Password) Credentials(RepositoryConfig config, string host)
    {
        if (config.GetOrNull<string>("user") is null && config.GetOrNull<string>("password") is null && config.GetPath("secret file") is null)
        {
            return (null, null);
        }

        var c = RelayCredentials.Resolve(config, "", host);
        return (c.User.Length > 0 ? c.User : null, c.Password);
    }

    public static WebDavSettings Parse(string hostAddress, int? port, bool secure, string relayDir)
    {
        string scheme = secure ? "https" : "http";
        string authority;
        string path = "";
        var text = hostAddress.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0)
        {
            // An explicit URL's scheme wins over the protocol option (https:// with protocol = webdav is common).
            scheme = text[..schemeEnd].ToLowerInvariant() switch
            {
                "http" or "webdav" or "dav" => "http",
                "https" or "webdavs" or "davs" => "https",
                var other => throw new RelayException(RelayErrorKind.Permanent, $"host address {text}: unsupported scheme '{other}' (use http or https)"),
            };
            text = text[(schemeEnd + 3)..];
        }

        var slash = text.IndexOf('/');
        authority = slash < 0 ? text : text[..slash];
        path = slash < 0 ? "" : text[slash..];
        if (authority.Contains('@'))
        {
            throw new RelayException(RelayErrorKind.Permanent, "host address: put the user name in 'user', not in the address");
        }

        if (!Uri.TryCreate($"{scheme}://{authority}/", UriKind.Absolute, out var origin) || origin.Host.Length == 0)
        {
            throw new RelayException(RelayErrorKind.Permanent, $"host address '{hostAddress}' is not a host name or URL");
        }

        if (port is not null && origin.IsDefaultPort)
        {
            origin = new UriBuilder(origin) { Port = port.Value }.Uri;
        }

        var serverSegments = path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s)))
            .ToArray();
        var relaySegments = relayDir.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var s in serverSegments.Select(Uri.UnescapeDataString).Concat(relaySegments))
        {
            if (s is "." or ".." || s.Contains('/'))
            {
                throw new RelayException(RelayErrorKind.Permanent, $"relay path '{path}/{relayDir}' has a '.' or '..' component");
            }
        }

        return new WebDavSettings { Origin = origin, ServerSegments = serverSegments, RelaySegments = relaySegments };
    }

    private static string? PinValue(RepositoryConfig config)
    {
        var raw = config.GetOrNull<string>("certificate");
        if (raw is null)
        {
            return null;
        }

        // A fingerprint stays as written; anything else is a path relative to the config file.
        return TlsPolicy.TryParseFingerprint(raw, out _) ? raw : config.ExpandPath(raw);
    }
}
