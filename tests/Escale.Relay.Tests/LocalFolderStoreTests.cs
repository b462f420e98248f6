using Escale.Relay;
using Escale.Relay.Local;
using Escale.Testing;

namespace Escale.Relay.Tests;

public sealed class LocalFolderStoreTests : RelayStoreConformance, IDisposable
{
    private readonly TempDir _dir = new("relay");

    protected override Task<IRelayStore> CreateStoreAsync() =>
        Task.FromResult<IRelayStore>(new LocalFolderStore(_dir.Sub(Guid.NewGuid().ToString("N")), RelayTempNames.TagOf("conformance")));

    public void Dispose() => _dir.Dispose();
}
