using Escale.Core.Config;

namespace Escale.Relay.Rclone;

/// <summary>
/// The rclone options of one repository, read and checked once. Defaults are stated here only:
/// <c>rclone binary</c> = rclone from PATH, <c>rclone config</c> = rclone's own default file,
/// <c>timeout</c> = 60 s. The relay is <c>remote</c> (<c>NAME:path</c>) with <c>relay dir</c> below it;
/// Escale 0.6's form, <c>protocol = dropbox</c> + <c>host address = NAME</c> (default: the section
/// name) + <c>relay dir = path</c>, is read as <c>NAME:path</c>.
/// </summary>
public sealed record RcloneSettings
{
    public const string DefaultBinary = "rclone";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The rclone "fs" of the relay folder, e.g. <c>box:escale/relay</c>.</summary>
    public required string Fs { get; init; }

    /// <summary>The protocol as configured (<c>rclone</c> or a 0.6 alias), for the remote type check.</summary>
    public string Protocol { get; init; } = "rclone";

    public string Binary { get; init; } = DefaultBinary;

    /// <summary>rclone's configuration file; null = rclone's default (~/.config/rclone/rclone.conf).</summary>
    public string? ConfigFile { get; init; }

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public int Transfers { get; init; } = 4;

    public string Display => "rclone " + Fs;

    public static RcloneSettings FromConfig(RepositoryConfig config)
    {
        var where = $"{config.File}: [{config.Name}]";
        var remote = config.GetOrNull<string>("remote");
        var relayDir = config.RelayDir.Trim().Trim('/');
        string fs;
        if (remote is not null)
        {
            fs = Join(remote.Trim(), relayDir);
        }
        else if (config.Protocol == "rclone")
        {
            throw new ConfigException($"{where}: protocol rclone needs 'remote = NAME:path' (a remote of 'rclone config')");
        }
        else
        {
            // Escale 0.6: the remote's name in 'host address' (its wizard used the section name), the path in 'relay dir'.
            var name = (config.HostAddress ?? config.Name).Trim().TrimEnd(':');
            if (name.Length == 0 || name.Contains('/') || name.Contains(':'))
            {
                throw new ConfigException($"{where}: '{name}' is not an rclone remote name; set 'remote = NAME:path'");
            }

            fs = name + ":" + relayDir;
        }

        return new RcloneSettings
        {
            Fs = fs,
            Protocol = config.Protocol,
            Binary = config.GetPath("rclone binary") is { } b && File.Exists(b) ? b : config.GetOrNull<string>("rclone binary") ?? DefaultBinary,
            ConfigFile = config.GetPath("rclone config"),
            Timeout = config.Get("timeout", DefaultTimeout),
            Transfers = config.Transfers,
        };
    }

    private static string Join(string remote, string relayDir)
    {
        if (relayDir.Length == 0)
        {
            return remote;
        }

        return remote.EndsWith(':') || remote.EndsWith('/') ? remote + relayDir : remote + "/" + relayDir;
    }
}
