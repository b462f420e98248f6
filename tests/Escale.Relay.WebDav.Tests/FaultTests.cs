using System.Text;
using Escale.Core.Paths;
using Escale.Relay.WebDav.Tests.Servers;
using Escale.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Relay.WebDav.Tests;

/// <summary>Connections cut or stalled mid-transfer by a TCP proxy in front of a real server.</summary>
public abstract class FaultTests(WebDavTestServer server)
{
    private static readonly RelayPath File = RelayPath.Parse("dir/f.bin");

    private static byte[] RandomBytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Cut_mid_put_keeps_the_old_version_and_a_redo_succeeds()
    {
        await using var proxy = new ProxyScope(server.Port);
        await using var store = await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir(), port: proxy.Proxy.Port));
        await store.WriteAsync(File, new MemoryStream("old!!"u8.ToArray()), WriteMode.Overwrite, CancellationToken.None);
        var data = RandomBytes(3 << 20, 1);

        proxy.Proxy.CutAfterUpstreamBytes = 1 << 20;
        var e = await Assert.ThrowsAsync<RelayException>(() => store.WriteAsync(File, new MemoryStream(data), WriteMode.Overwrite, CancellationToken.None));
        Assert.True(e.IsTransient, e.Message);
        proxy.Proxy.Heal();

        Assert.Equal("old!!", await ReadAllTextAsync(store, File));
        await foreach (var entry in store.ListAsync(File.Parent, CancellationToken.None))
        {
            Assert.True(entry.Name == File.Name || RelayTempNames.IsTemp(entry.Name), $"unexpected {entry.Name}");
        }

        // The retry decorator redoes the upload once the first attempt was cut.
        proxy.Proxy.CutAfterUpstreamBytes = 1 << 20;
        var retrying = new RetryingRelayStore(store, NullLogger.Instance, attempts: 4, firstDelay: TimeSpan.FromMilliseconds(50));
        var healer = Task.Run(async () =>
        {
            while (proxy.Proxy.Faults < 2)
            {
                await Task.Delay(5);
            }

            proxy.Proxy.Heal();
        });
        await retrying.WriteAsync(File, new MemoryStream(data), WriteMode.Overwrite, CancellationToken.None);
        await healer;
        Assert.Equal(data, await ReadAllAsync(store, File, 0));
    }

    [Fact]
    public async Task Cut_mid_get_resumes_from_the_offset()
    {
        await using var proxy = new ProxyScope(server.Port);
        await using var store = await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir(), port: proxy.Proxy.Port));
        var data = RandomBytes(4 << 20, 2);
        await store.WriteAsync(File, new MemoryStream(data), WriteMode.Overwrite, CancellationToken.None);

        proxy.Proxy.CutAfterDownstreamBytes = 1 << 20;
        var got = new MemoryStream();
        var e = await Assert.ThrowsAsync<RelayException>(async () =>
        {
            await using var s = await store.OpenReadAsync(File, 0, CancellationToken.None);
            await s.CopyToAsync(got);
        });
        Assert.True(e.IsTransient, e.Message);
        Assert.InRange(got.Length, 1, data.Length - 1);
        proxy.Proxy.Heal();

        await got.WriteAsync(await ReadAllAsync(store, File, got.Length));
        Assert.Equal(data, got.ToArray());
    }

    [Fact]
    public async Task A_stalled_download_times_out_as_transient()
    {
        await using var proxy = new ProxyScope(server.Port);
        var config = TestConfigs.For(server, TestConfigs.UniqueDir(), port: proxy.Proxy.Port, extra: "timeout = 2");
        await using var store = await TestConfigs.ConnectAsync(config);
        await store.WriteAsync(File, new MemoryStream(RandomBytes(2 << 20, 3)), WriteMode.Overwrite, CancellationToken.None);

        proxy.Proxy.StallAfterDownstreamBytes = 256 << 10;
        var started = DateTime.UtcNow;
        var e = await Assert.ThrowsAsync<RelayException>(async () =>
        {
            await using var s = await store.OpenReadAsync(File, 0, CancellationToken.None);
            await s.CopyToAsync(Stream.Null);
        });
        Assert.True(e.IsTransient, e.Message);
        Assert.Contains("no answer", e.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8));
    }

    private static async Task<byte[]> ReadAllAsync(IRelayStore store, RelayPath path, long offset)
    {
        await using var s = await store.OpenReadAsync(path, offset, CancellationToken.None);
        var copy = new MemoryStream();
        await s.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<string> ReadAllTextAsync(IRelayStore store, RelayPath path) =>
        Encoding.UTF8.GetString(await ReadAllAsync(store, path, 0));
}
