using Escale.Core.Config;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Relay.Rclone.Tests;

/// <summary>Repository configurations for the test remotes, written as a user would write escale.conf.</summary>
internal static class TestConfigs
{
    public static string UniqueDir() => "runs/" + Guid.NewGuid().ToString("N")[..12];

    public static RepositoryConfig For(RcloneRemotes remotes, string kind, string dir, string protocol = "rclone", string? extra = null)
    {
        remotes.Require();
        var text = $"""
            [t]
            local path = /tmp/escale-rclone-test-local
            protocol = {protocol}
            remote = {remotes.Remote(kind, dir)}
            rclone config = {remotes.ConfigFile}
            timeout = 20
            client = tester
            {extra ?? ""}
            """;
        return Parse(text);
    }

    public static RepositoryConfig Parse(string text) => EscaleConfig.Parse(text + "\n", "/tmp/escale-rclone-test.conf").Repositories[0];

    public static Task<RcloneRelayStore> ConnectAsync(RepositoryConfig config) =>
        RcloneRelayStore.ConnectAsync(config, RelayRootMode.Create, NullLogger.Instance, CancellationToken.None);
}
