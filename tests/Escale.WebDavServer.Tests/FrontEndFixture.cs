using System.Net.Http.Headers;
using System.Text;
using Escale.Testing;
using Escale.Testing.Vfs;
using Escale.Vfs.Mirror;

namespace Escale.WebDavServer.Tests;

/// <summary>A real front-end on 127.0.0.1 (a free port) over a <see cref="MirrorFolder"/> of a temp folder with test offers.</summary>
public sealed class FrontEndFixture : IAsyncDisposable
{
    private readonly TempDir _dir = new("escale-davfe");

    private FrontEndFixture(WebDavQuota? quota)
    {
        Mirror = _dir.Sub("mirror");
        Relay = new FakeRelay(Mirror);
        Folder = new MirrorFolder(Mirror, Relay, Relay, new MirrorFolderOptions { FetchTimeout = TimeSpan.FromSeconds(8) });
        Quota = quota;
    }

    public string Mirror { get; }

    public FakeRelay Relay { get; }

    public MirrorFolder Folder { get; }

    public WebDavQuota? Quota { get; }

    public WebDavFrontEnd Server { get; private set; } = null!;

    public Uri Url => Server.Url;

    public static async Task<FrontEndFixture> StartAsync(WebDavQuota? quota = null)
    {
        var f = new FrontEndFixture(quota);
        f.Server = await WebDavFrontEnd.StartAsync(f.Folder, new WebDavServerOptions
        {
            Secret = MountSecret.Create(),
            Quota = quota is null ? null : _ => Task.FromResult<WebDavQuota?>(quota),
        });
        return f;
    }

    /// <summary>An HTTP client that sends the secret.</summary>
    public HttpClient Client()
    {
        var c = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WebDavServerOptions.UserName + ":" + Server.Secret)));
        return c;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Folder.Dispose();
        _dir.Dispose();
    }
}
