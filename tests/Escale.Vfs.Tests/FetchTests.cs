using System.Text;
using Escale.Vfs.Mirror;

namespace Escale.Vfs.Tests;

/// <summary>Open of an offered file fetches it: one fetch for concurrent opens, a bounded wait, EIO on failure, a later open retries.</summary>
public sealed class FetchTests
{
    [Fact]
    public void Open_fetches_the_offer_once_for_concurrent_callers()
    {
        using var f = new FolderFixture();
        var content = Encoding.UTF8.GetBytes(new string('z', 200_000));
        f.Relay.Offer("big.txt", content);
        f.Relay.FetchDelay = TimeSpan.FromMilliseconds(400);
        var reads = Enumerable.Range(0, 8).Select(_ => Task.Run(() => f.ReadAll("big.txt"))).ToArray();
        Task.WaitAll(reads);
        Assert.All(reads, r => Assert.Equal(content, r.Result));
        Assert.Equal(1, f.Relay.FetchCount("big.txt"));
        Assert.Equal(VfsError.Ok, f.Folder.GetAttributes("big.txt", 0, out var a));
        Assert.False(a.Offered);
    }

    [Fact]
    public void A_failed_fetch_is_an_io_error_and_the_next_open_retries()
    {
        using var f = new FolderFixture();
        f.Relay.Offer("flaky.txt", "finally"u8.ToArray());
        f.Relay.FailFetch = _ => new IOException("relay unreachable");
        Assert.Equal(VfsError.IoError, f.Folder.Open("flaky.txt", VfsOpenFlags.Read, out _, out _));
        f.Relay.FailFetch = _ => null;
        Assert.Equal("finally", Encoding.UTF8.GetString(f.ReadAll("flaky.txt")));
        Assert.Equal(2, f.Relay.FetchCount("flaky.txt"));
    }

    [Fact]
    public void The_wait_is_bounded_and_the_fetch_goes_on()
    {
        using var f = new FolderFixture(TimeSpan.FromMilliseconds(200));
        f.Relay.Offer("slow.txt", "slow"u8.ToArray());
        f.Relay.FetchDelay = TimeSpan.FromSeconds(2);
        Assert.Equal(VfsError.IoError, f.Folder.Open("slow.txt", VfsOpenFlags.Read, out _, out _));
        for (var i = 0; i < 200 && !File.Exists(f.Full("slow.txt")); i++)
        {
            Thread.Sleep(50);
        }

        Assert.Equal("slow", File.ReadAllText(f.Full("slow.txt")));
        Assert.Equal(1, f.Relay.FetchCount("slow.txt"));
    }

    [Fact]
    public void Truncate_by_name_and_rename_of_an_offer_fetch_first()
    {
        using var f = new FolderFixture();
        f.Relay.Offer("t.txt", "0123456789"u8.ToArray());
        f.Relay.Offer("r.txt", "rename me"u8.ToArray());
        Assert.Equal(VfsError.Ok, f.Folder.Truncate("t.txt", 0, 4));
        Assert.Equal("0123", File.ReadAllText(f.Full("t.txt")));
        Assert.Equal(VfsError.Ok, f.Folder.Rename("r.txt", "s.txt", VfsRenameFlags.None));
        Assert.Equal("rename me", File.ReadAllText(f.Full("s.txt")));
    }

    [Fact]
    public void Rename_no_replace_refuses_a_name_taken_on_the_relay()
    {
        using var f = new FolderFixture();
        File.WriteAllText(f.Full("a.txt"), "a");
        f.Relay.Offer("b.txt", [1]);
        Assert.Equal(VfsError.Exists, f.Folder.Rename("a.txt", "b.txt", VfsRenameFlags.NoReplace));
        Assert.True(File.Exists(f.Full("a.txt")));
    }

    [Fact]
    public void Default_sync_filter_skips_hidden_segments()
    {
        Assert.True(MirrorFolderOptions.DefaultIsSynced("a/b.txt"));
        Assert.False(MirrorFolderOptions.DefaultIsSynced(".hidden"));
        Assert.False(MirrorFolderOptions.DefaultIsSynced("a/.git/x"));
        Assert.False(MirrorFolderOptions.DefaultIsSynced(""));
    }
}
