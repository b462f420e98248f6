using System.Globalization;
using System.Text.RegularExpressions;

namespace Escale.Core.Config;

/// <summary>
/// Every option name of escale.conf, with the aliases of the original Escale. A parser returns the
/// typed value or throws FormatException with the text that goes after "allowed: ".
/// </summary>
public static class ConfigOptions
{
    public static readonly IReadOnlyList<ConfigOption> All =
    [
        Text("local path", "path"),
        Option("protocol", "file, ftp, ftps, webdav, http, https, sftp, google (googledrive), rclone, dropbox, googlecloud, amazoncloud, s3, onedrive, b2, hubic, swift",
            v => v.ToLowerInvariant() switch
            {
                "file" or "local" => "file",
                "ftp" => "ftp",
                "ftps" => "ftps",
                "webdav" or "http" or "dav" => "webdav",
                "https" or "webdavs" or "davs" => "webdavs",
                "google" or "googledrive" or "google drive" => "googledrive",
                "sftp" or "ssh" => "sftp",
                "rclone" => "rclone",
                // Escale 0.6's rclone aliases: each names the rclone remote type it expects (RcloneRemoteTypes).
                "dropbox" or "googlecloud" or "amazoncloud" or "s3" or "onedrive" or "b2" or "hubic" or "swift" => v.ToLowerInvariant(),
                _ => throw new FormatException(),
            }),
        Text("host address", "relay address", "address", "remote address", "host", "server"),
        Text("relay dir", "relay path", "relay directory", "host directory", "host dir", "remote directory", "remote dir", "directory", "dir"),
        Option("port", "an integer from 1 to 65535", v => IntIn(v, 1, 65535)),
        Text("user", "username", "login", "user name"),
        Text("password"),
        Text("secret file", "secrets file", "secret", "credentials", "credential file", "credentials file"),
        Text("client", "client name", "client id"),
        Option("encryption", "off, on, fernet, blowfish, aead, aead-chacha20",
            v => v.ToLowerInvariant() switch
            {
                "off" or "no" or "false" or "0" or "none" => "off",
                "on" or "yes" or "true" or "1" or "fernet" => "fernet",
                "blowfish" or "blowfish.blowfish" or "blowfish.cryptography" => "blowfish",
                "aead" or "aes-gcm" or "aead-aes256gcm" => "aead",
                "aead-chacha20" or "chacha20" or "chacha20-poly1305" => "aead-chacha20",
                "native" => "native",
                _ => throw new FormatException(),
            }),
        Text("passphrase", "key", "passphrase file", "key file"),
        Option("unauthenticated encryption", "yes or no (allow writing with blowfish, which has no integrity check)", v => Bool(v)),
        Option("mode", "shared, conservative, upload, download",
            v => v.ToLowerInvariant() switch
            {
                "shared" => SyncMode.Shared,
                "conservative" => SyncMode.Conservative,
                "upload" or "push" or "push only" => SyncMode.Upload,
                "download" or "pull" or "pull only" => SyncMode.Download,
                _ => throw new FormatException(),
            }),
        Option("push only", "yes or no", v => Bool(v), "read only"),
        Option("pull only", "yes or no", v => Bool(v), "write only"),
        Option("puller count", "an integer from 1 to 1000", v => IntIn(v, 1, 1000), "pullers", "count"),
        Option("lock timeout", "a duration in seconds (or with unit s, m, h, d), at least 1 s", v => Duration(v, 1)),
        Option("payload expiry", "a duration with unit s, m, h or d (90s, 30m, 12h, 14d), at most 365d, or off", Expiry),
        Option("disk quota", "a size like 500, 500MB, 2GB, 1.5G (MB when no unit)", v => Size(v), "quota"),
        Option("bandwidth limit", ByteRate.Allowed, v => ByteRate.ParsePair(v), "bwlimit", "bandwidth"),
        Option("upload limit", "a rate like 512K, 2M (bytes per second, binary units, KiB when no unit), or off", v => ByteRate.Parse(v) ?? 0L),
        Option("download limit", "a rate like 512K, 2M (bytes per second, binary units, KiB when no unit), or off", v => ByteRate.Parse(v) ?? 0L),
        Option("file extension", "a comma-separated list of extensions", List, "file type", "file extensions"),
        Option("include", "a comma-separated list of globs or /regex/", Patterns, "filter", "pattern"),
        Option("exclude", "a comma-separated list of globs or /regex/", Patterns),
        Option("refresh", "a duration in seconds (or with unit), or yes/no", Refresh),
        Option("settle time", "a duration in seconds, 0 or more", v => Duration(v, 0)),
        Option("checksum", "md5, sha1, sha256, sha384, sha512 (or yes = sha512)", Checksum, "hash algorithm", "hash function"),
        Option("timestamp", "yes or no", v => Bool(v), "modification time", "mtime"),
        Text("maintainer", "maintainer email"),
        Text("smtp host", "smtp server"),
        Option("smtp port", "an integer from 1 to 65535", v => IntIn(v, 1, 65535)),
        // Mail (defaults in Escale.Agent.Mail.MailSettings)
        Option("smtp tls", "auto, starttls, implicit, off",
            v => v.ToLowerInvariant() switch
            {
                "auto" or "yes" or "on" => "auto",
                "starttls" or "start tls" => "starttls",
                "implicit" or "smtps" or "ssl" => "implicit",
                "off" or "no" or "none" => "off",
                _ => throw new FormatException(),
            }, "smtp security"),
        Text("smtp user", "smtp login", "smtp username"),
        Text("smtp secret file", "smtp password file"),
        Text("smtp certificate", "smtp ca certificate", "smtp ca file"),
        Text("log file"),
        Option("log max size", "a size like 10MiB, 500KB (MB when no unit); the log file is rotated past it", v => Size(v), "log size", "log rotate size"),
        Option("log files", "an integer from 0 to 100 (rotated log files kept)", v => IntIn(v, 0, 100), "log keep", "log backups"),
        Option("log level", "debug, info, warning, error, critical",
            v => v.ToLowerInvariant() switch
            {
                "debug" or "trace" => "debug",
                "info" or "information" => "info",
                "warning" or "warn" => "warning",
                "error" => "error",
                "critical" or "fatal" => "critical",
                _ => throw new FormatException(),
            }),
        Text("cache dir", "cache directory", "state dir"),
        Option("verify ssl", "yes or no", v => Bool(v), "ssl verify", "verify tls"),
        Text("ssl version", "tls version"),
        Text("certificate", "certificate fingerprint", "ca certificate"),
        Text("certfile", "cert file", "client certificate"),
        Text("keyfile", "client key"),
        Option("implicit tls", "yes or no", v => Bool(v)),
        Option("timeout", "a duration in seconds, at least 1 s", v => Duration(v, 1), "network timeout"),
        Option("minimum rate", "a rate like 16K, 1M (bytes per second, binary units, KiB when no unit): a transfer slower than this, after a grace of twice the timeout, is given up", v => ByteRate.Parse(v) ?? throw new FormatException(), "min rate"),
        Option("transfers", "an integer from 1 to 32 (parallel transfers)", v => IntIn(v, 1, 32), "parallel transfers"),
        // Parts (issue 15; defaults in Escale.Sync.Parts.PartPlan). Escale 0.7 read all three names as one size.
        Option("split size", "a size like 64MB, 1GiB (MB when no unit): files at least 'min split size' travel in parts of this size", v => Size(v)),
        Option("min split size", "a size like 200MB (MB when no unit): files smaller than this are never split (default: split size)", v => Size(v)),
        Option("split", "yes, no, or a size (= split size)", v => SplitSwitch(v)),
        Option("portable names", "yes or no", v => Bool(v)),
        Option("propagate deletions", "yes or no (no: deleting or renaming a file here leaves it on the other nodes, as Escale 0.6 did)", v => Bool(v), "deletions"),
        Option("notify", "yes or no (desktop notifications over the D-Bus session bus; default yes when DBUS_SESSION_BUS_ADDRESS is set)", v => Bool(v), "notifications", "desktop notifications"),
        Option("trash days", "an integer from 0 to 36500 (days a file deleted by another node stays in .escale-trash)", v => IntIn(v, 0, 36500), "trash"),
        Option("writeback delay", "a duration in seconds, 0 or more", v => Duration(v, 0), "write back delay"),
        Option("fetch timeout", "a duration in seconds, at least 1 s", v => Duration(v, 1)),
        // SFTP (defaults in Escale.Relay.Sftp.SftpSettings)
        Option("host key", "a fingerprint SHA256:<base64> as ssh-keygen -l prints it", HostKey, "host key fingerprint", "ssh host key"),
        Text("known hosts", "known hosts file", "ssh known hosts"),
        Text("ssh key", "ssh key file", "identity file", "private key"),
        Text("ssh key passphrase", "key passphrase", "identity passphrase"),
        Text("ssh key passphrase file", "key passphrase file"),
        Option("keepalive", "a duration in seconds (0 = off)", v => Duration(v, 0), "keep alive", "ssh keepalive"),
        // rclone (defaults in Escale.Relay.Rclone.RcloneSettings)
        Text("remote", "rclone remote"),
        Text("rclone config", "rclone config file", "rclone conf"),
        Text("rclone binary", "rclone path"),
    ];

    private static readonly Dictionary<string, ConfigOption> ByName = BuildIndex();

    public static ConfigOption? Find(string normalizedKey) => ByName.GetValueOrDefault(normalizedKey);

    /// <summary>The known name closest to an unknown one, for "did you mean" hints.</summary>
    public static string? Suggest(string unknown)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in ByName.Keys)
        {
            var d = Levenshtein(unknown, name);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = name;
            }
        }

        return bestDistance <= Math.Max(2, unknown.Length / 3) ? best : null;
    }

    public static bool Bool(string v) => v.ToLowerInvariant() switch
    {
        "yes" or "true" or "on" or "1" => true,
        "no" or "false" or "off" or "0" => false,
        _ => throw new FormatException(),
    };

    /// <summary>
    /// A duration: seconds (<c>90</c>), one unit (<c>30m</c>, <c>2 hours</c>), or a sum of units (<c>1h30m</c>);
    /// at least <paramref name="minSeconds"/>, at most 365 days. The one parser of durations (options and escalectl).
    /// </summary>
    public static TimeSpan Duration(string v, double minSeconds)
    {
        var t = v.Trim().ToLowerInvariant();
        var bare = Regex.Match(t, @"^(\d+(?:\.\d+)?)$");
        var parts = bare.Success ? null : Regex.Match(t, @"^(?:(\d+(?:\.\d+)?)\s*(s|sec|seconds?|m|min|minutes?|h|hours?|d|days?)\s*)+$");
        if (!bare.Success && parts is not { Success: true })
        {
            throw new FormatException();
        }

        var seconds = 0.0;
        if (bare.Success)
        {
            seconds = double.Parse(bare.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        else
        {
            for (var i = 0; i < parts!.Groups[1].Captures.Count; i++)
            {
                var n = double.Parse(parts.Groups[1].Captures[i].Value, CultureInfo.InvariantCulture);
                seconds += n * (parts.Groups[2].Captures[i].Value[0] switch { 's' => 1, 'm' => 60, 'h' => 3600, _ => 86400 });
            }
        }

        if (seconds < minSeconds || seconds > 365 * 86400)
        {
            throw new FormatException();
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary><c>split</c>: true/false for yes/no, or a size in bytes (0.7 read <c>split</c> as the split size).</summary>
    public static object SplitSwitch(string v)
    {
        try
        {
            return Bool(v);
        }
        catch (FormatException)
        {
            return Size(v);
        }
    }

    /// <summary>Bytes. Decimal units as the original (MB = 10^6); "MiB" forms are binary.</summary>
    public static long Size(string v)
    {
        var m = Regex.Match(v.Trim(), @"^(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(i?)([bB]?)$");
        if (!m.Success)
        {
            throw new FormatException();
        }

        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups[2].Value.ToUpperInvariant();
        if (unit == "" && m.Groups[4].Value != "")
        {
            return checked((long)n); // "100B"
        }

        double k = m.Groups[3].Value == "i" ? 1024 : 1000;
        var factor = unit switch
        {
            "K" => k,
            "" or "M" => k * k,
            "G" => k * k * k,
            _ => k * k * k * k,
        };
        var bytes = n * factor;
        if (bytes <= 0 || bytes > long.MaxValue / 2)
        {
            throw new FormatException();
        }

        return (long)bytes;
    }

    private static object Refresh(string v)
    {
        var lower = v.ToLowerInvariant();
        if (lower is "yes" or "true" or "on")
        {
            return TimeSpan.FromSeconds(30);
        }

        if (lower is "no" or "false" or "off")
        {
            return TimeSpan.Zero; // one pass, then exit (the original's "refresh = no")
        }

        return Duration(v, 1);
    }

    /// <summary>A payload's time on the relay before its pusher removes it; zero = off (never).</summary>
    private static object Expiry(string v) =>
        v.Trim().ToLowerInvariant() is "off" or "no" or "never" or "none" ? TimeSpan.Zero : Duration(v, 1);

    private static object HostKey(string v)
    {
        var t = v.Trim();
        var body = t.StartsWith("SHA256:", StringComparison.Ordinal) ? t[7..] : throw new FormatException();
        return body.Length == 43 && body.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/') ? t : throw new FormatException();
    }

    private static object Checksum(string v) => v.ToLowerInvariant().Replace("-", "") switch
    {
        "yes" or "true" or "on" or "sha512" => "sha512",
        "md5" => "md5",
        "sha1" => "sha1",
        
        "sha256" => "sha256",
        "sha384" => "sha384",
        _ => throw new FormatException(),
    };

    private static object List(string v) =>
        v.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.TrimStart('.').ToLowerInvariant()).ToArray();

    private static object Patterns(string v)
    {
        var items = v.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var p in items)
        {
            NamePattern.Parse(p); // throws FormatException with detail
        }

        return items;
    }

    private static int IntIn(string v, int min, int max) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException();

    private static ConfigOption Text(string name, params string[] aliases) =>
        new(name, aliases, "any text", v => v);

    private static ConfigOption Option(string name, string allowed, Func<string, object> parse, params string[] aliases) =>
        new(name, aliases, allowed, parse);

    private static Dictionary<string, ConfigOption> BuildIndex()
    {
        var index = new Dictionary<string, ConfigOption>(StringComparer.Ordinal);
        foreach (var option in All)
        {
            foreach (var n in option.AllNames)
            {
                index.Add(IniDocument.NormalizeKey(n), option);
            }
        }

        return index;
    }

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
