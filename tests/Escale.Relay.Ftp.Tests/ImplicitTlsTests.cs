using Escale.Core.Paths;
using Escale.Relay.Ftp.Client;
using Escale.Relay.Ftp.Tests.Servers;
using Escale.Relay.Ftp.Tests.Support;

namespace Escale.Relay.Ftp.Tests;

[Collection("vsftpd-implicit")]
public sealed class ImplicitTlsTests(ImplicitTlsVsftpdServer server)
{
    [Fact]
    public async Task Implicit_tls_round_trip()
    {
        await using var store = await server.ConnectAsync(FtpTlsMode.Implicit);
        Assert.Contains(store.ProbeReport, l => l.StartsWith("tls: implicit, Tls12", StringComparison.Ordinal));
        await store.WriteAsync(RelayPath.Parse("a/b.bin"), new PatternStream(300_000), WriteMode.Overwrite, CancellationToken.None);
        await using var s = await store.OpenReadAsync(RelayPath.Parse("a/b.bin"), 1000, CancellationToken.None);
        Assert.Equal(299_000, await PatternStream.VerifyAsync(s, 1000));
    }

    [Fact]
    public async Task Explicit_tls_against_an_implicit_port_fails_in_one_line()
    {
        var e = await Assert.ThrowsAsync<RelayException>(() => server.ConnectAsync(FtpTlsMode.Explicit, options: server.Options(FtpTlsMode.Explicit, timeout: TimeSpan.FromSeconds(3))));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains($"127.0.0.1:{server.Port}", e.Message);
    }
}
