using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Escale.Core.Config;
using Escale.Relay.Ftp.Client;

namespace Escale.Relay.Ftp;

/// <summary>The FTP options of one repository, read and checked once.</summary>
internal sealed record FtpStoreSettings(FtpConnectionOptions Connection, string RelayDir, int Transfers)
{
    public static FtpStoreSettings FromConfig(RepositoryConfig config, Func<string, string?>? prompt = null)
    {
        var where = $"{config.File}: [{config.Name}]";
        var implicitTls = config.Get("implicit tls", false);
        var tls = implicitTls ? FtpTlsMode.Implicit : config.Protocol == "ftps" ? FtpTlsMode.Explicit : FtpTlsMode.None;
        var host = config.HostAddress ?? throw new ConfigException($"{where}: protocol {config.Protocol} needs 'host address'");
        int? port = config.Port;
        host = StripScheme(host);
        var colon = host.LastIndexOf(':');
        if (colon > 0 && !host.EndsWith(']') && host.IndexOf(':') == colon && int.TryParse(host[(colon + 1)..], out var p))
        {
            port ??= p; // "host:port" as the original accepted it
            host = host[..colon];
        }

        host = host.Trim('[', ']');
        var endpoint = $"{host}:{port ?? (implicitTls ? 990 : 21)}";
        var credentials = RelayCredentials.Resolve(config, "anonymous", endpoint, prompt);
        var certificates = !config.Get("verify ssl", true) ? FtpCertificatePolicy.None
            : config.GetOrNull<string>("certificate") is { } pin ? FtpCertificatePolicy.Pinned(pin, config.ExpandPath)
            : FtpCertificatePolicy.Default;
        var options = new FtpConnectionOptions
        {
            Host = host,
            Port = port ?? (implicitTls ? 990 : 21),
            User = credentials.User,
            Password = credentials.Password,
            Tls = tls,
            Certificates = certificates,
            ClientCertificate = ClientCertificate(config, where),
            Timeout = config.Get("timeout", TimeSpan.FromSeconds(30)),
        };
        return new FtpStoreSettings(options, config.RelayDir, config.Transfers);
    }

    private static string StripScheme(string host)
    {
        foreach (var scheme in new[] { "ftp://", "ftps://" })
        {
            if (host.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                host = host[scheme.Length..];
            }
        }

        return host.TrimEnd('/');
    }

    private static X509Certificate2? ClientCertificate(RepositoryConfig config, string where)
    {
        var certFile = config.GetPath("certfile");
        if (certFile is null)
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, config.GetPath("keyfile"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ConfigException($"{where}: client certificate {certFile} cannot be loaded: {e.Message}");
        }
    }
}
