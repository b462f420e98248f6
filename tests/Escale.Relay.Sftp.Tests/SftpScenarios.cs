using Escale.Testing.Scenarios;

namespace Escale.Relay.Sftp.Tests;

/// <summary>The multi-node protocol scenarios through OpenSSH's sshd (one relay folder per test).</summary>
[Collection("sshd")]
public sealed class SftpScenarios(SftpServer server) : ProtocolScenarios
{
    protected override async Task<IRelayStore> OpenStoreAsync(string relayFolder, string client) =>
        await TestConfigs.ConnectAsync(TestConfigs.For(server, "scenarios/" + relayFolder));
}
