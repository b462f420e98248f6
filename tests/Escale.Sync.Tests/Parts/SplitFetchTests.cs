namespace Escale.Sync.Tests.Parts;

/// <summary>Mount mode (issue 15): opening an offered split file fetches it through its parts when all are on the relay, else fails naming the missing ones.</summary>
public sealed class SplitFetchTests : IDisposable
{
    private const long KiB = 1024;
    private readonly Network _net = new();

    public void Dispose() => _net.Dispose();

    [Fact]
    public async Task Opening_a_split_file_with_parts_missing_fails_naming_them_and_moves_nothing()
    {
        var a = _net.Add("A", o => o with { SplitSize = 128 * KiB, DiskQuota = 300 * KiB }); // two parts of five fit
        var b = _net.Add("B", o => o with { SplitSize = 128 * KiB, PullOnDemand = true });
        await a.SyncAsync();
        await b.SyncAsync();
        WriteRandom(a, "big.bin", 600 * KiB, seed: 31);
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.NotNull(b.Engine.Reconciler.FindOffer("big.bin"));
        var downloaded = b.Store!.BytesDownloaded;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => b.Engine.FetchAsync("big.bin", CancellationToken.None));

        Assert.Equal("big.bin: parts 3-5 of 5 not on the relay now (uploaded as room frees); not opened, try again later", e.Message);
        Assert.False(b.Has("big.bin"));
        Assert.Equal(downloaded, b.Store!.BytesDownloaded);
        Assert.True(_net.RelayHas(".big.bin.escale-part-0001-of-0005"), "nothing taken, nothing freed");
    }

    [Fact]
    public async Task Opening_a_split_file_whose_parts_are_all_up_fetches_it_byte_identical_and_frees_them()
    {
        var a = _net.Add("A", o => o with { SplitSize = 128 * KiB });
        var b = _net.Add("B", o => o with { SplitSize = 128 * KiB, PullOnDemand = true });
        await a.SyncAsync();
        await b.SyncAsync();
        var content = WriteRandom(a, "big.bin", 600 * KiB, seed: 32);
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.False(b.Has("big.bin")); // offered, not pulled

        await b.Engine.FetchAsync("big.bin", CancellationToken.None);

        Assert.Equal(content, File.ReadAllBytes(b.PathOf("big.bin")));
        Assert.DoesNotContain(_net.RelayFiles(), f => f.Contains(".escale-part-", StringComparison.Ordinal));
        Assert.Null(b.Engine.Reconciler.FindOffer("big.bin"));
    }

    [Theory]
    [InlineData(new[] { 3 }, "3")]
    [InlineData(new[] { 1, 2, 3, 7, 9, 10 }, "1-3, 7, 9-10")]
    public void Missing_parts_are_named_as_ranges(int[] parts, string expected) => Assert.Equal(expected, Reconciler.Ranges(parts));

    private static byte[] WriteRandom(Node node, string relative, long size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        var p = node.PathOf(relative);
        File.WriteAllBytes(p, bytes);
        File.SetLastWriteTimeUtc(p, DateTime.UtcNow.AddMinutes(-1));
        return bytes;
    }
}
