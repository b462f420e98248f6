namespace Escale.Sync.Tests;

/// <summary>Hole 4 of issue 11: a folder whose listing fails is reported and skipped; the rest of the pass goes on.</summary>
public sealed class FolderFailureTests : IDisposable
{
    private readonly Network _net = new();

    public void Dispose() => _net.Dispose();

    [Fact]
    public async Task A_folder_that_cannot_be_listed_costs_only_itself()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        a.Write("good.txt", "good");
        a.Write("bad/inside.txt", "inside");
        a.Write("other/fine.txt", "fine");
        await a.SyncAsync();

        b.FailListing.Add("bad");
        b.Write("bad/mine.txt", "B's own"); // not decided while its relay folder is unknown
        var r = await b.SyncAsync();

        Assert.Equal("good", b.Read("good.txt"));
        Assert.Equal("fine", b.Read("other/fine.txt"));
        Assert.False(b.Has("bad/inside.txt"));
        Assert.Contains(r.Failures, f => f.Contains("bad", StringComparison.Ordinal));
        Assert.Contains(b.Log.Lines, l => l.Message.Contains("relay folder 'bad' skipped this pass", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(_net.RelayDir, "bad", "mine.txt")));

        b.FailListing.Clear();
        await b.SyncAsync();
        Assert.Equal("inside", b.Read("bad/inside.txt"));
        Assert.True(File.Exists(Path.Combine(_net.RelayDir, "bad", "mine.txt")));
    }
}
