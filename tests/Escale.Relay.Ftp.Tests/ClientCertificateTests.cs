using Escale.Core.Config;
using Escale.Core.Paths;
using Escale.Relay.Ftp.Tests.Servers;
using Escale.Relay.Ftp.Tests.Support;
using Escale.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Relay.Ftp.Tests;

/// <summary>
/// certfile/keyfile and a pinned PEM certificate through escale.conf. Pure-FTPd only: .NET never resumes a
/// TLS session when a client certificate is configured, and vsftpd/ProFTPD require resumed data sessions.
/// </summary>
[Collection("pure-ftpd")]
public sealed class ClientCertificateTests(PureFtpdServer server) : IDisposable
{
    private readonly TempDir _dir = new("ftp-cert");

    [Fact]
    public async Task Client_certificate_and_pinned_pem_from_the_config()
    {
        var cache = FtpTestServer.CacheDir;
        var text = $"""
            [relay]
            local path = {_dir.Path}/local
            protocol = ftps
            host address = localhost
            port = {server.Port}
            user = {FtpTestServer.User}
            password = {FtpTestServer.Password}
            certificate = {cache}/cert.pem
            certfile = {cache}/client-cert.pem
            keyfile = {cache}/client-key.pem
            relay dir = cc-{Guid.NewGuid():N}
            """;
        var config = EscaleConfig.Parse(text, Path.Combine(_dir.Path, "escale.conf")).Repositories[0];
        await using var store = await FtpRelayStore.ConnectAsync(config, NullLogger.Instance, CancellationToken.None);
        Assert.Contains(store.ProbeReport, l => l.Contains("pinned to a PEM certificate", StringComparison.Ordinal));
        await store.WriteAsync(RelayPath.Parse("x"), new PatternStream(100_000), WriteMode.Overwrite, CancellationToken.None);
        await using var s = await store.OpenReadAsync(RelayPath.Parse("x"), 0, CancellationToken.None);
        Assert.Equal(100_000, await PatternStream.VerifyAsync(s, 0));
    }

    [Fact]
    public void Unreadable_client_certificate_is_a_config_error()
    {
        var text = $"""
            [relay]
            local path = {_dir.Path}/local
            protocol = ftps
            host address = localhost
            password = x
            certfile = {_dir.Path}/missing.pem
            """;
        var config = EscaleConfig.Parse(text, Path.Combine(_dir.Path, "escale.conf")).Repositories[0];
        var e = Assert.Throws<ConfigException>(() => FtpStoreSettings.FromConfig(config));
        Assert.Contains("client certificate", e.Message);
    }

    public void Dispose() => _dir.Dispose();
}
