using Escale.Core.Paths;
using Escale.Relay.WebDav.Tests.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Relay.WebDav.Tests;

/// <summary>The server goes away and comes back while a store is connected (pooled connections die).</summary>
public sealed class ServerRestartTests(RcloneHttp server) : IClassFixture<RcloneHttp>
{
    [Fact]
    public async Task Operations_fail_transiently_while_down_and_work_after_restart()
    {
        await using var store = await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir()));
        var path = RelayPath.Parse("a/b.txt");
        await store.WriteAsync(path, new MemoryStream("before"u8.ToArray()), WriteMode.Overwrite, CancellationToken.None);

        await server.StopAsync();
        var e = await Assert.ThrowsAsync<RelayException>(() => store.StatAsync(path, CancellationToken.None));
        Assert.True(e.IsTransient, e.Message);

        // A retrying write started while the server is down completes once it is back.
        var retrying = new RetryingRelayStore(store, NullLogger.Instance, attempts: 6, firstDelay: TimeSpan.FromMilliseconds(300));
        var write = retrying.WriteAsync(path, new MemoryStream("after"u8.ToArray()), WriteMode.Overwrite, CancellationToken.None);
        await Task.Delay(200);
        await server.StartAgainAsync();
        await write;

        Assert.Equal(5, (await store.StatAsync(path, CancellationToken.None))?.Size);
        await server.RestartAsync(TimeSpan.FromMilliseconds(100));
        await using var s = await retrying.OpenReadAsync(path, 0, CancellationToken.None);
        Assert.Equal("after", await new StreamReader(s).ReadToEndAsync());
    }
}
