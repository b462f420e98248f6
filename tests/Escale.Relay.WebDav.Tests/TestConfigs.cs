using Escale.Core.Config;
using Escale.Relay.WebDav.Tests.Servers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Relay.WebDav.Tests;

/// <summary>Repository configurations for the test servers, written as a user would write escale.conf.</summary>
internal static class TestConfigs
{
    public static RepositoryConfig For(WebDavTestServer server, string relayDir, string? extra = null, bool pinCertificate = true, int? port = null, string? password = null)
    {
        var lines = new List<string>
        {
            "[t]",
            "local path = /tmp/escale-webdav-test-local",
            $"protocol = {(server.Scheme == "https" ? "https" : "webdav")}",
            "host address = 127.0.0.1",
            $"port = {port ?? server.Port}",
            $"user = {WebDavTestServer.User}",
            $"password = {password ?? WebDavTestServer.Password}",
            "timeout = 10",
        };
        if (relayDir.Length > 0)
        {
            lines.Add($"relay dir = {relayDir}");
        }

        if (server.Scheme == "https")
        {
            lines.Add(pinCertificate ? $"certificate = {server.CertificateFile}" : "verify ssl = no");
        }

        if (extra is not null)
        {
            lines.AddRange(extra.Split('\n'));
        }

        return EscaleConfig.Parse(string.Join('\n', lines) + "\n", "/tmp/escale-webdav-test.conf").Repositories[0];
    }

    public static Task<WebDavRelayStore> ConnectAsync(RepositoryConfig config, ILogger? logger = null) =>
        WebDavRelayStore.ConnectAsync(config, logger ?? NullLogger.Instance, CancellationToken.None);

    public static string UniqueDir() => "runs/" + Guid.NewGuid().ToString("N")[..12];
}
