namespace Escale.Relay.Rclone;

/// <summary>
/// Escale 0.6's protocol aliases for rclone and the rclone remote types each stands for (a config's
/// <c>type =</c> is the backend's name; <c>:prefix:</c> connection strings use its prefix, so both are
/// accepted). hubic is kept for old configurations: rclone dropped that backend when the service closed.
/// </summary>
public static class RcloneRemoteTypes
{
    private static readonly Dictionary<string, string[]> ByAlias = new(StringComparer.Ordinal)
    {
        ["dropbox"] = ["dropbox"],
        ["googlecloud"] = ["google cloud storage", "gcs"],
        ["amazoncloud"] = ["amazon cloud drive", "acd"],
        ["s3"] = ["s3"],
        ["onedrive"] = ["onedrive"],
        ["b2"] = ["b2"],
        ["hubic"] = ["hubic"],
        ["sftp"] = ["sftp"],
        ["swift"] = ["swift"],
    };

    /// <summary>The protocols that go through rclone (with <c>sftp</c> only when <c>remote</c> is set).</summary>
    public static bool IsRcloneProtocol(string protocol) => protocol == "rclone" || ByAlias.ContainsKey(protocol);

    /// <summary>The rclone types an alias accepts; null for <c>rclone</c> itself (any type).</summary>
    public static IReadOnlyList<string>? Expected(string protocol) => ByAlias.GetValueOrDefault(protocol);

    /// <summary>Null when <paramref name="type"/> fits <paramref name="protocol"/>, else why not (one line).</summary>
    public static string? Mismatch(string protocol, string remoteName, string type)
    {
        var expected = Expected(protocol);
        if (expected is null || expected.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        return $"protocol {protocol} expects an rclone remote of type {expected[0]}, but remote '{remoteName}' is of type {type}";
    }

    /// <summary>
    /// The remote name and, for connection strings (<c>:s3,provider=Minio:bucket</c>) or local paths, the
    /// type that the string itself says (null when rclone's configuration must be asked).
    /// </summary>
    public static (string Name, string? Type) Parse(string remote)
    {
        if (remote.StartsWith(':'))
        {
            var end = remote.IndexOfAny([',', ':'], 1);
            var prefix = end < 0 ? remote[1..] : remote[1..end];
            return (remote, prefix);
        }

        var colon = remote.IndexOf(':');
        if (colon <= 0 || remote.IndexOf('/') is var slash && slash >= 0 && slash < colon)
        {
            return (remote, "local"); // a path on this machine
        }

        return (remote[..colon], null);
    }
}
