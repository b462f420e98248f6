namespace Escale.Agent.Operations;

/// <summary>
/// A relay given as one URL (<c>file:///path</c>, <c>ftp[s]://host[:port]/path</c>, <c>sftp://host[:port]/path</c>,
/// <c>http[s]://host[:port]/path</c>, <c>webdav[s]://...</c>, <c>google:path</c>) split into the configuration options
/// the original uses: protocol, host address, port, relay dir. A null value means "remove the option".
/// </summary>
public sealed record RelayAddress(string Protocol, string? Host, int? Port, string RelayDir)
{
    /// <summary>For <c>rclone:NAME:path</c> (or <c>rclone://NAME:path</c>): the rclone remote.</summary>
    public string? Remote { get; init; }

    public static RelayAddress Parse(string url)
    {
        if (url.StartsWith("rclone:", StringComparison.OrdinalIgnoreCase))
        {
            var remote = url["rclone:".Length..];
            remote = remote.StartsWith("//", StringComparison.Ordinal) ? remote[2..] : remote;
            if (remote.Length == 0)
            {
                throw new OperationException($"'{url}': name the rclone remote, as in rclone:NAME:path");
            }

            return new RelayAddress("rclone", null, null, "") { Remote = remote };
        }

        if ((url.StartsWith("google:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("googledrive:", StringComparison.OrdinalIgnoreCase)) && !url.Contains("://", StringComparison.Ordinal))
        {
            // google:PATH — a folder path under My Drive; the OAuth client and token are found as for any google section.
            var path = url[(url.IndexOf(':') + 1)..].TrimStart('/');
            return new RelayAddress("googledrive", null, null, Uri.UnescapeDataString(path));
        }

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new OperationException($"'{url}' is not a relay URL (expected file:///path, ftps://host[:port]/path or https://host[:port]/path)");
        }

        var scheme = url[..schemeEnd].ToLowerInvariant();
        var rest = url[(schemeEnd + 3)..];
        if (scheme == "file")
        {
            if (!rest.StartsWith('/'))
            {
                throw new OperationException($"'{url}': a file URL needs an absolute path (file:///path)");
            }

            return new RelayAddress("file", null, null, Uri.UnescapeDataString(rest));
        }

        var protocol = scheme switch
        {
            "ftp" => "ftp",
            "ftps" => "ftps",
            "http" or "webdav" or "dav" => "webdav",
            "https" or "webdavs" or "davs" => "webdavs",
            "sftp" or "ssh" => "sftp",
            "google" or "googledrive" => "googledrive", // google://HOST:PORT/path: another API endpoint (the tests' emulator)
            _ => throw new OperationException($"'{url}': unsupported scheme '{scheme}' (use file, ftp, ftps, http, https, sftp, rclone:, google:)"),
        };
        if (!Uri.TryCreate("http://" + rest, UriKind.Absolute, out var parsed) || parsed.Host.Length == 0)
        {
            throw new OperationException($"'{url}' has no valid host name");
        }

        if (parsed.UserInfo.Length > 0)
        {
            throw new OperationException($"'{url}': put the user name and password in the configuration ('user', 'password'), not in the URL");
        }

        var host = parsed.Host;
        int? port = rest.Split('/')[0].Contains(':') ? parsed.Port : null;
        return new RelayAddress(protocol, host, port, Uri.UnescapeDataString(parsed.AbsolutePath));
    }

    /// <summary>The option values to write into the section (canonical names; null = remove).</summary>
    public IReadOnlyDictionary<string, string?> ToOptions() => new Dictionary<string, string?>
    {
        ["protocol"] = Protocol,
        ["host address"] = Host,
        ["port"] = Port?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["relay dir"] = Remote is null ? RelayDir : null,
        ["remote"] = Remote,
    };

    public override string ToString() => Remote is not null ? "rclone:" + Remote : Protocol == "googledrive" && Host is null ? "google:" + RelayDir : Protocol == "file" ? "file://" + RelayDir : $"{Protocol}://{Host}{(Port is null ? "" : ":" + Port)}{RelayDir}";
}
