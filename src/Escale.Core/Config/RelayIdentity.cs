namespace Escale.Core.Config;

/// <summary>
/// A repository's relay as one comparable string, from the configuration alone (no connection):
/// <c>file:///abs/dir</c>, or <c>PROTOCOL://USER@HOST:PORT/DIR</c>. It names the relay for the
/// state-folder key; it is not a URL anyone connects to, and it carries no secret.
/// </summary>
public static class RelayIdentity
{
    public static string Of(RepositoryConfig config)
    {
        if (config.Protocol == "file")
        {
            var dir = config.RelayDir.Length > 0 ? config.RelayDir : config.HostAddress ?? "";
            if (dir.StartsWith("file://", StringComparison.Ordinal))
            {
                dir = dir["file://".Length..];
            }

            return "file://" + (dir.Length == 0 ? "" : config.ExpandPath(dir)).TrimEnd('/');
        }

        var host = (config.HostAddress ?? "").Trim().TrimEnd('/');
        var schemeEnd = host.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            host = host[(schemeEnd + 3)..];
        }

        var user = config.GetOrNull<string>("user");
        var port = config.Port is { } p ? ":" + p : "";
        var dirPart = config.RelayDir.Trim().Trim('/');
        return $"{config.Protocol}://{(user is null ? "" : user + "@")}{host.ToLowerInvariant()}{port}/{dirPart}";
    }
}
