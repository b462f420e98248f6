using Escale.Relay.WebDav.Tests.Servers;
using Escale.Testing.Scenarios;

namespace Escale.Relay.WebDav.Tests;

/// <summary>The multi-node protocol scenarios through a real WebDAV server (one relay folder per test).</summary>
public abstract class WebDavScenarios(WebDavTestServer server) : ProtocolScenarios
{
    protected override async Task<IRelayStore> OpenStoreAsync(string relayFolder, string client) =>
        await TestConfigs.ConnectAsync(TestConfigs.For(server, "scenarios/" + relayFolder));
}
