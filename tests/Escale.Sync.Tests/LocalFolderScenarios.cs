using Escale.Relay;
using Escale.Relay.Local;
using Escale.Testing;
using Escale.Testing.Scenarios;

namespace Escale.Sync.Tests;

public sealed class LocalFolderScenarios : ProtocolScenarios, IDisposable
{
    private readonly TempDir _relays = new("relays");

    protected override Task<IRelayStore> OpenStoreAsync(string relayFolder, string client) =>
        Task.FromResult<IRelayStore>(new LocalFolderStore(Path.Combine(_relays.Path, relayFolder), RelayTempNames.TagOf(client)));

    public void Dispose() => _relays.Dispose();
}
