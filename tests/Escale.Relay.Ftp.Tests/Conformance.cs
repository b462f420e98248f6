using Escale.Relay.Ftp.Client;
using Escale.Relay.Ftp.Tests.Servers;
using Escale.Testing;

namespace Escale.Relay.Ftp.Tests;

// The store contract on each server, plain and explicit TLS: six configurations.
[Collection("vsftpd")]
public sealed class VsftpdPlainConformance(VsftpdServer server) : RelayStoreConformance
{
    protected override async Task<IRelayStore> CreateStoreAsync() => await server.ConnectAsync(FtpTlsMode.None);
}

[Collection("vsftpd")]
public sealed class VsftpdTlsConformance(VsftpdServer server) : RelayStoreConformance
{
    protected override async Task<IRelayStore> CreateStoreAsync() => await server.ConnectAsync(FtpTlsMode.Explicit);
}

[Collection("pure-ftpd")]
public sealed class PureFtpdPlainConformance(PureFtpdServer server) : RelayStoreConformance
{
    protected override async Task<IRelayStore> CreateStoreAsync() => await server.ConnectAsync(FtpTlsMode.None);
}

[Collection("pure-ftpd")]
public sealed class PureFtpdTlsConformance(PureFtpdServer server) : RelayStoreConformance
{
    protected override async Task<IRelayStore> CreateStoreAsync() => await server.ConnectAsync(FtpTlsMode.Explicit);
}

[Collection("proftpd")]
public sealed class ProftpdPlainConformance(ProftpdServer server) : RelayStoreConformance
{
    protected override async Task<IRelayStore> CreateStoreAsync() => await server.ConnectAsync(FtpTlsMode.None);
}

[Collection("proftpd")]
public sealed class ProftpdTlsConformance(ProftpdServer server) : RelayStoreConformance
{
    protected override async Task<IRelayStore> CreateStoreAsync() => await server.ConnectAsync(FtpTlsMode.Explicit);
}
