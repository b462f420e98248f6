using Escale.Core.Paths;
using Escale.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Relay.Sftp.Tests;

/// <summary>A session lost under the store (server restarted, connection cut) is re-established by the next call.</summary>
[Collection("sshd")]
public sealed class ReconnectTests(SftpServer server)
{
    [SkippableFact]
    public async Task Store_reconnects_after_a_server_restart()
    {
        await using var store = await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir()));
        await store.WriteAsync(RelayPath.Parse("before.txt"), new MemoryStream("1"u8.ToArray()), WriteMode.Overwrite, CancellationToken.None);
        await server.StopAsync();
        await server.StartAgainAsync();

        // The first call may see the dead session (Transient: the retry decorator's business); the store reconnects.
        var retrying = new RetryingRelayStore(store, NullLogger.Instance, attempts: 4, TimeSpan.FromMilliseconds(200));
        Assert.NotNull(await retrying.StatAsync(RelayPath.Parse("before.txt"), CancellationToken.None));
        await retrying.WriteAsync(RelayPath.Parse("after.txt"), new MemoryStream("2"u8.ToArray()), WriteMode.Overwrite, CancellationToken.None);
        Assert.True(store.Connection.Reconnects >= 1);
    }

    [SkippableFact]
    public async Task A_cut_download_resumes_from_its_offset()
    {
        await using var store = await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir()));
        var data = new byte[300_000];
        new Random(7).NextBytes(data);
        await store.WriteAsync(RelayPath.Parse("big"), new MemoryStream(data), WriteMode.Overwrite, CancellationToken.None);
        var copy = new MemoryStream();
        await using (var first = await store.OpenReadAsync(RelayPath.Parse("big"), 0, CancellationToken.None))
        {
            var buffer = new byte[100_000];
            var n = 0;
            while (n < buffer.Length)
            {
                n += await first.ReadAsync(buffer.AsMemory(n));
            }

            copy.Write(buffer);
        }

        await using (var rest = await store.OpenReadAsync(RelayPath.Parse("big"), copy.Length, CancellationToken.None))
        {
            await rest.CopyToAsync(copy);
        }

        Assert.True(data.AsSpan().SequenceEqual(copy.ToArray()));
    }
}
