using Escale.Relay.Ftp.Client;
using Escale.Relay.Ftp.Tests.Servers;
using Escale.Testing.Scenarios;

namespace Escale.Relay.Ftp.Tests;

// The multi-node protocol scenarios through each server (plain for vsftpd and proftpd, explicit TLS
// for pure-ftpd): locks there are not atomic (write, wait, re-read), which these scenarios exercise.
[Collection("vsftpd")]
public sealed class VsftpdScenarios(VsftpdServer server) : ProtocolScenarios
{
    protected override async Task<IRelayStore> OpenStoreAsync(string relayFolder, string client) =>
        await server.ConnectAsync(FtpTlsMode.None, relayFolder);
}

[Collection("pure-ftpd")]
public sealed class PureFtpdTlsScenarios(PureFtpdServer server) : ProtocolScenarios
{
    protected override async Task<IRelayStore> OpenStoreAsync(string relayFolder, string client) =>
        await server.ConnectAsync(FtpTlsMode.Explicit, relayFolder);
}

[Collection("proftpd")]
public sealed class ProftpdScenarios(ProftpdServer server) : ProtocolScenarios
{
    protected override async Task<IRelayStore> OpenStoreAsync(string relayFolder, string client) =>
        await server.ConnectAsync(FtpTlsMode.None, relayFolder);
}
