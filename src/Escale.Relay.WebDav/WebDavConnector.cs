using System.Diagnostics;
using System.Net;
using Escale.Core.Paths;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.WebDav;

/// <summary>
/// Connect: one OPTIONS (learns the authentication scheme, the server software and DAV class), the
/// relay folder checked with PROPFIND Depth 0 and, when missing and the settings allow it
/// (<see cref="WebDavSettings.RootMode"/>), the <c>relay dir</c> part created with MKCOL (the URL part given in <c>host address</c> must exist: creating a user's home folder
/// on a Nextcloud is not ours to do). Then <see cref="WebDavProbe"/> fills the capabilities.
/// </summary>
internal static class WebDavConnector
{
    public static async Task<WebDavRelayStore> ConnectAsync(WebDavSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var client = new WebDavClient(settings, logger);
        var store = new WebDavRelayStore(client);
        try
        {
            var report = new List<string> { $"relay folder: {settings.Display}" };
            var clock = Stopwatch.StartNew();
            string? server;
            using (var options = await client.SimpleAsync(HttpMethod.Options, client.Paths.For(RelayPath.Root), "connect", cancellationToken))
            {
                ThrowOnLoginFailure(options, settings);
                server = options.Headers.Server.Count > 0 ? options.Headers.Server.ToString() : null;
                var dav = options.Headers.TryGetValues("DAV", out var classes) ? string.Join(", ", classes) : "none";
                report.Add($"server: {server ?? "(no Server header)"}; DAV compliance classes: {dav}; round trip {clock.ElapsedMilliseconds} ms");
            }

            report.Add($"authentication: {client.Auth.Scheme}; TLS: {(settings.Origin.Scheme == "https" ? client.Tls.Describe() : "none (plain HTTP)")}" +
                (client.Tls.ClientCertificate is not null ? "; client certificate sent" : ""));
            report.Add(await EnsureRelayFolderAsync(client, settings, cancellationToken));
            store.Capabilities = await WebDavProbe.RunAsync(store, server, report, cancellationToken);
            store.ProbeReport = report;
            logger.LogDebug("WebDAV relay {Relay}: {Report}", settings.Display, string.Join("; ", report));
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    private static void ThrowOnLoginFailure(HttpResponseMessage response, WebDavSettings settings)
    {
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return;
        }

        var host = settings.Origin.GetLeftPart(UriPartial.Authority);
        throw new RelayException(
            RelayErrorKind.Authentication,
            settings.User is null || settings.Password is null
                ? $"{host}: the server asks for a login; set 'user' and 'password' (or 'secret file')"
                : $"{host}: the server refused the login for user '{settings.User}' (HTTP 401); check user and password");
    }

    private static async Task<string> EnsureRelayFolderAsync(WebDavClient client, WebDavSettings settings, CancellationToken cancellationToken)
    {
        List<PropfindEntry>? root;
        try
        {
            root = await client.PropfindAsync(client.Paths.For(RelayPath.Root), 0, "relay folder", cancellationToken);
        }
        catch (RelayException e) when (e.Kind == RelayErrorKind.Authentication)
        {
            throw new RelayException(RelayErrorKind.Authentication, $"{settings.Display}: the server refused the login for user '{settings.User}' (HTTP 401)", e);
        }
        catch (RelayException e) when (e.Kind == RelayErrorKind.Permanent && e.Message.Contains("HTTP 403", StringComparison.Ordinal))
        {
            throw new RelayException(RelayErrorKind.Permanent, $"relay folder {settings.Display}: access denied by the server (HTTP 403)", e);
        }

        if (root is not null)
        {
            if (root.Count > 0 && !root[0].IsCollection)
            {
                throw new RelayException(RelayErrorKind.Permanent, $"relay folder {settings.Display} is a file on the server, not a folder");
            }

            return "relay folder exists";
        }

        var fixedCount = settings.ServerSegments.Count;
        var total = client.Paths.BaseSegments.Count;
        if (settings.RootMode == RelayRootMode.MustExist)
        {
            throw new RelayException(RelayErrorKind.Permanent, $"relay folder {settings.Display} does not exist on the server (not created: is 'relay dir' right? 'escalectl init' creates a new repository)");
        }

        if (total == fixedCount)
        {
            throw new RelayException(RelayErrorKind.Permanent, $"relay folder {settings.Display} does not exist on the server");
        }

        for (var i = fixedCount + 1; i <= total; i++)
        {
            using var response = await client.SimpleAsync(WebDavMethods.Mkcol, client.Paths.ForBasePrefix(i), "create relay folder", cancellationToken);
            if (response.IsSuccessStatusCode || ServerQuirks.MkcolMeansExists(response.StatusCode))
            {
                continue;
            }

            var why = response.StatusCode == HttpStatusCode.Conflict
                ? "its parent folder (from 'host address') does not exist on the server"
                : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            throw new RelayException(
                response.StatusCode == HttpStatusCode.InsufficientStorage ? RelayErrorKind.QuotaExceeded : RelayErrorKind.Permanent,
                $"relay folder {settings.Display} does not exist on the server and cannot be created ({why})");
        }

        return "relay folder created (it did not exist)";
    }
}
