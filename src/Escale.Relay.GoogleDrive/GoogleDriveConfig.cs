using System.Text.Json;
using Escale.Core.Config;

namespace Escale.Relay.GoogleDrive;

/// <summary>
/// Reads a repository's <c>protocol = google</c> section into <see cref="GoogleDriveSettings"/>. No option of
/// its own. The OAuth client (Google Cloud's JSON for a "Desktop app") is, first found: <c>secret file</c> when
/// it is such a JSON, <see cref="ClientFileName"/> beside the configuration (so a section whose <c>secret
/// file</c> holds an FTP password can still be migrated to Drive), or <c>user</c> = client id and
/// <c>password</c> = client secret. <c>relay dir</c> is a path of folders under My Drive. The refresh token
/// lives in <see cref="TokenFileOf"/>. <c>host address</c> replaces the API endpoint (only the tests' loopback
/// emulator needs that; the JSON's <c>auth_uri</c>/<c>token_uri</c> do the same for the OAuth endpoints, as
/// Google's own file carries them).
/// </summary>
public static class GoogleDriveConfig
{
    public const string ClientFileName = "google-client.json";

    public static GoogleDriveSettings Read(RepositoryConfig config)
    {
        var where = $"{config.File}: [{config.Name}]";
        var (clientId, clientSecret, authUri, tokenUri) = Client(config, where);
        var apiBase = config.HostAddress is { Length: > 0 } host ? ApiBase(host, config.Port, where) : GoogleDriveSettings.DefaultApiBase;
        return new GoogleDriveSettings
        {
            ClientId = clientId,
            ClientSecret = clientSecret,
            TokenFile = TokenFileOf(config, clientId),
            RootPath = config.RelayDir.Trim('/'),
            ApiBase = apiBase,
            AuthorizationUrl = authUri ?? GoogleDriveSettings.DefaultAuthorizationUrl,
            TokenUrl = tokenUri ?? GoogleDriveSettings.DefaultTokenUrl,
            Timeout = config.Get("timeout", TimeSpan.FromSeconds(60)),
        };
    }

    /// <summary>
    /// Beside the configuration file, one per OAuth client: a token authorizes this computer for one Google
    /// account, so it stays with the configuration (not in the disposable cache), and every section using
    /// that client (a second repository, a migration target) shares the one authorization.
    /// </summary>
    public static string TokenFileOf(RepositoryConfig config, string clientId) => TokenFileOf(config.File, clientId);

    public static string TokenFileOf(string configFile, string clientId)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(configFile))!;
        var tag = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(clientId)))[..12];
        return Path.Combine(dir, $"google-{tag}.token");
    }

    /// <summary>True when the token file holds a refresh token (else the installed-app flow must run first).</summary>
    public static bool HasToken(GoogleDriveSettings settings)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(settings.TokenFile));
            return doc.RootElement.TryGetProperty("refresh_token", out var t) && t.GetString() is { Length: > 0 };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }

    private static (string Id, string Secret, string? AuthUri, string? TokenUri) Client(RepositoryConfig config, string where)
    {
        if (config.GetPath("secret file") is { } secretFile && LooksLikeJson(secretFile))
        {
            return FromJson(secretFile, where);
        }

        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(config.File))!, ClientFileName);
        if (File.Exists(beside))
        {
            return FromJson(beside, where);
        }

        var id = config.GetOrNull<string>("user");
        var secret = config.GetOrNull<string>("password");
        if (id is null || secret is null)
        {
            throw new ConfigException($"{where}: protocol google needs its OAuth client: 'secret file = client_secret_....json' as Google Cloud gives it for a Desktop app (or that file as {beside}, or 'user' = client id and 'password' = client secret)");
        }

        return (id, secret, null, null);
    }

    private static bool LooksLikeJson(string file)
    {
        try
        {
            return File.ReadAllText(file).TrimStart().StartsWith('{');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static (string Id, string Secret, string? AuthUri, string? TokenUri) FromJson(string file, string where)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = doc.RootElement;
            var app = root.TryGetProperty("installed", out var i) ? i : root.TryGetProperty("web", out var w) ? w : root;
            var id = Text(app, "client_id");
            var secret = Text(app, "client_secret");
            if (id is null || secret is null)
            {
                throw new ConfigException($"{where}: {file} has no client_id and client_secret (expected Google's client_secret JSON of a Desktop app)");
            }

            return (id, secret, Text(app, "auth_uri"), Text(app, "token_uri"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{where}: cannot read {file}: {e.Message}");
        }
        catch (JsonException)
        {
            throw new ConfigException($"{where}: {file} is not valid JSON (protocol google wants Google's client_secret JSON of a Desktop app)");
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    /// <summary>
    /// <c>host address</c> (+ <c>port</c>) as the API's scheme and authority. Without a scheme a loopback host
    /// means plain http (the emulator; Google itself is https only), any other host https.
    /// </summary>
    private static string ApiBase(string host, int? port, string where)
    {
        var url = host;
        if (!host.Contains("://", StringComparison.Ordinal) && Uri.TryCreate("http://" + host, UriKind.Absolute, out var bare))
        {
            var scheme = bare.IsLoopback ? "http" : "https";
            var explicitPort = port ?? (host.TrimEnd('/').EndsWith(":" + bare.Port, StringComparison.Ordinal) ? bare.Port : (int?)null);
            url = $"{scheme}://{bare.Host}{(explicitPort is null ? "" : ":" + explicitPort)}";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ConfigException($"{where}: 'host address' for google is the API endpoint (normally left out), like https://www.googleapis.com");
        }

        return uri.GetLeftPart(UriPartial.Authority);
    }
}
