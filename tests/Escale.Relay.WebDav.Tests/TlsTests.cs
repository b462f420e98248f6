using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

/// <summary>Certificate checks against a self-signed server: refused by default, accepted when pinned.</summary>
public sealed class TlsTests(NginxHttps server) : IClassFixture<NginxHttps>
{
    [Fact]
    public async Task An_unpinned_self_signed_certificate_is_refused_with_a_hint()
    {
        var config = TestConfigs.For(server, TestConfigs.UniqueDir(), pinCertificate: false, extra: "verify ssl = yes");
        var settings = WebDavSettings.FromConfig(config) with { PinnedCertificate = null };
        var e = await Assert.ThrowsAsync<RelayException>(() => WebDavRelayStore.ConnectAsync(settings, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None));
        Assert.Equal(RelayErrorKind.Permanent, e.Kind);
        Assert.Contains("certificate", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_pinned_fingerprint_is_accepted_and_a_wrong_one_refused()
    {
        var pem = new X509Certificate2Collection();
        pem.ImportFromPemFile(server.CertificateFile!);
        var cert = pem[0];
        var fingerprint = Convert.ToHexString(SHA256.HashData(cert.RawData));
        await using (var store = await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir(), extra: $"certificate = {fingerprint}")))
        {
            Assert.Contains(store.ProbeReport, l => l.Contains("pinned SHA-256 fingerprint", StringComparison.Ordinal));
        }

        var wrong = new string('A', 64);
        var e = await Assert.ThrowsAsync<RelayException>(() => TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir(), extra: $"certificate = {wrong}")));
        Assert.Equal(RelayErrorKind.Permanent, e.Kind);
        Assert.Contains("not the pinned one", e.Message, StringComparison.Ordinal);
    }
}
