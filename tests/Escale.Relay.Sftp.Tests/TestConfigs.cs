using Escale.Core.Config;
using Escale.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Relay.Sftp.Tests;

/// <summary>Repository configurations for the test sshd, written as a user would write escale.conf.</summary>
internal static class TestConfigs
{
    public static string UniqueDir() => "runs/" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Password login, host key pinned, unless <paramref name="auth"/> replaces those lines.</summary>
    public static RepositoryConfig For(SftpServer server, string relayDir, string? auth = null, string? hostKey = null)
    {
        Prerequisite.Require(server.Problem);
        var text = $"""
            [t]
            local path = /tmp/escale-sftp-test-local
            protocol = sftp
            host address = 127.0.0.1
            port = {server.Port}
            user = {SftpServer.User}
            relay dir = {relayDir}
            timeout = 15
            client = tester
            {auth ?? $"password = {SftpServer.Password}"}
            {hostKey ?? $"host key = {server.HostKeyFingerprint}"}
            """;
        return EscaleConfig.Parse(text + "\n", "/tmp/escale-sftp-test.conf").Repositories[0];
    }

    public static Task<SftpRelayStore> ConnectAsync(RepositoryConfig config) =>
        SftpRelayStore.ConnectAsync(config, RelayRootMode.Create, NullLogger.Instance, CancellationToken.None);
}
