using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Escale.WebDavServer.Tests;

/// <summary>No other local user gets in: without the per-mount secret every method gets 401 and no content.</summary>
public sealed class SecretTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("escale:wrong-secret")]
    [InlineData("someone:SECRET")]
    public async Task Requests_without_the_secret_get_nothing(string? credentials)
    {
        await using var f = await FrontEndFixture.StartAsync();
        File.WriteAllText(Path.Combine(f.Mirror, "private.txt"), "top secret");
        f.Relay.Offer("offered.bin", new byte[100]);
        using var c = new HttpClient { BaseAddress = f.Url };
        if (credentials is not null)
        {
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.Replace("SECRET", f.Server.Secret, StringComparison.Ordinal))));
        }

        foreach (var (method, path) in new[] { ("GET", "/private.txt"), ("GET", "/offered.bin"), ("PROPFIND", "/"), ("PUT", "/new.txt"), ("DELETE", "/private.txt"), ("MKCOL", "/d"), ("MOVE", "/private.txt"), ("LOCK", "/private.txt"), ("OPTIONS", "/"), ("GET", "/missing") })
        {
            using var request = Dav.Request(method, path, method is "PUT" or "LOCK" ? "<x/>" : null, ("Destination", f.Url + "moved.txt"), ("Depth", "1"));
            using var r = await c.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Empty(await r.Content.ReadAsByteArrayAsync());
            Assert.False(r.Headers.Contains("DAV"));
        }

        Assert.Equal("top secret", File.ReadAllText(Path.Combine(f.Mirror, "private.txt")));
        Assert.Equal(["private.txt"], Directory.GetFileSystemEntries(f.Mirror).Select(Path.GetFileName));
        Assert.Equal(0, f.Relay.FetchCount("offered.bin"));

        using var owner = f.Client();
        Assert.Equal("top secret", await owner.GetStringAsync("/private.txt"));
    }

    [Fact]
    public async Task It_listens_on_loopback_only()
    {
        await using var f = await FrontEndFixture.StartAsync();
        var other = Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.Equal("127.0.0.1", f.Url.Host);
        if (other is not null)
        {
            using var tcp = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => tcp.ConnectAsync(other, f.Server.Port));
        }
    }

    [Fact]
    public void Secrets_are_random_and_long()
    {
        var a = MountSecret.Create();
        Assert.Equal(43, a.Length);
        Assert.NotEqual(a, MountSecret.Create());
        Assert.True(MountSecret.Accepts("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("escale:" + a)), a));
        Assert.False(MountSecret.Accepts("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("escale:" + a[..^1])), a));
        Assert.False(MountSecret.Accepts("Bearer " + a, a));
        Assert.False(MountSecret.Accepts("Basic %%%", a));
    }
}
