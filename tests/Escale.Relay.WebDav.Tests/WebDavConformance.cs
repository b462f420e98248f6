using Escale.Relay.WebDav.Tests.Servers;
using Escale.Testing;

namespace Escale.Relay.WebDav.Tests;

/// <summary>The store contract against one real server; each test gets its own relay folder.</summary>
public abstract class WebDavConformance(WebDavTestServer server, bool pinCertificate = true) : RelayStoreConformance
{
    protected WebDavTestServer Server => server;

    /// <summary>nginx dav-ext skips names starting with '.' in PROPFIND Depth 1 (hard-coded in 3.0.0).</summary>
    protected virtual bool ListsDotFiles => true;

    protected override async Task<IRelayStore> CreateStoreAsync() =>
        await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir(), pinCertificate: pinCertificate));

    [Fact]
    public async Task Probe_finds_what_the_protocol_needs()
    {
        await using var store = await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir(), pinCertificate: pinCertificate));
        var caps = store.Capabilities;
        // MOVE Overwrite: F answers 412, but mod_dav checks then renames: not race-free (ServerQuirks), so
        // the protocol verifies locks after a short settle time instead of trusting the create.
        Assert.False(caps.AtomicCreateNew, string.Join("\n", store.ProbeReport));
        Assert.Equal(TimeSpan.FromMilliseconds(250), caps.CreateNewSettleTime);
        Assert.Equal(ListsDotFiles, caps.DotFilesAllowed);
        Assert.True(caps.ResumableDownload);
        Assert.True(caps.ListingHasTimes);
        Assert.False(caps.Append);
        Assert.False(caps.PartialUploadsVisible);
        Assert.Equal(server.Kind != "rclone", store.PutIsAtomic); // rclone writes a PUT straight to the final name
        Assert.Contains(store.ProbeReport, l => l.StartsWith("server: ", StringComparison.Ordinal));
    }
}
