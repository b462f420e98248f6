using Escale.Testing;

namespace Escale.Relay.GoogleDrive.Tests;

/// <summary>The relay store contract, through the driver, against the Drive v3 emulator (one relay folder per test).</summary>
public sealed class DriveConformance(DriveFixture drive) : RelayStoreConformance, IClassFixture<DriveFixture>
{
    protected override async Task<IRelayStore> CreateStoreAsync() =>
        await drive.ConnectAsync("conformance/" + Guid.NewGuid().ToString("N"));
}
