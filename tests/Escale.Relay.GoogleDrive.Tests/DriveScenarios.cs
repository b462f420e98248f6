using Escale.Testing.Scenarios;

namespace Escale.Relay.GoogleDrive.Tests;

/// <summary>The multi-node protocol scenarios with every node on the Drive emulator (one relay folder per test).</summary>
public sealed class DriveScenarios(DriveFixture drive) : ProtocolScenarios, IClassFixture<DriveFixture>
{
    protected override async Task<IRelayStore> OpenStoreAsync(string relayFolder, string client) =>
        await drive.ConnectAsync("scenarios/" + relayFolder);
}
