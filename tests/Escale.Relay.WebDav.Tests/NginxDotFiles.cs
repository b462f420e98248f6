using Escale.Core.Paths;
using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

/// <summary>
/// What nginx with dav-ext 3.0.0 does with dot-files: stores, serves and stats them, but never lists
/// them (ngx_http_dav_ext_module skips every directory entry whose name starts with '.'). The store
/// must say so (DotFilesAllowed = false) so that the agent refuses such a relay for the Escale protocol.
/// </summary>
internal static class NginxDotFiles
{
    public static async Task StoredButNotListedAsync(WebDavTestServer server)
    {
        await using var store = await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir()));
        Assert.False(store.Capabilities.DotFilesAllowed);
        Assert.Contains(store.ProbeReport, l => l.Contains("dot-files: NOT listed", StringComparison.Ordinal));
        var path = RelayPath.Parse("d/.f.placeholder");
        await store.WriteAsync(path, new MemoryStream("placeholder%1.0"u8.ToArray()), WriteMode.Overwrite, CancellationToken.None);
        Assert.Equal(15, (await store.StatAsync(path, CancellationToken.None))?.Size);
        var listed = new List<string>();
        await foreach (var e in store.ListAsync(path.Parent, CancellationToken.None))
        {
            listed.Add(e.Name);
        }

        Assert.DoesNotContain(".f.placeholder", listed);
    }
}
