using System.Text;

namespace Escale.Fuse.Tests;

/// <summary>Files offered on the relay, fetched on open; xattr state; what the write-back hears.</summary>
public sealed class OfferTests(MountFixture mount, ITestOutputHelper output) : IClassFixture<MountFixture>
{
    private FakeRelay Relay => mount.Relay;

    private string Mnt(string relative) => Path.Combine(mount.MountPoint, relative);

    [SkippableFact]
    public void Offered_files_are_listed_with_their_size_without_fetching()
    {
        Prerequisites.Fuse();
        var content = RandomBytes(12345);
        Relay.Offer("listed/report.pdf", content);
        Relay.Offer("listed/deeper/inner.txt", "inner"u8.ToArray());

        Assert.True(Directory.Exists(Mnt("listed")));
        Assert.Equal(["deeper", "report.pdf"], Directory.GetFileSystemEntries(Mnt("listed")).Select(Path.GetFileName).Order());
        Assert.Equal(12345, new FileInfo(Mnt("listed/report.pdf")).Length);
        Assert.Contains(" 12345 ", Tools.Run("ls", "-l", Mnt("listed")).Stdout);
        Assert.Equal(0, Relay.FetchCount("listed/report.pdf"));

        Assert.Equal(content, File.ReadAllBytes(Mnt("listed/report.pdf")));
        Assert.Equal(1, Relay.FetchCount("listed/report.pdf"));
        Assert.Equal("inner", File.ReadAllText(Mnt("listed/deeper/inner.txt")));
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(mount.Mirror, "listed/report.pdf")));
    }

    [SkippableFact]
    public void Concurrent_opens_share_one_fetch()
    {
        Prerequisites.Fuse();
        var content = RandomBytes(300_000);
        Relay.Offer("shared.bin", content);
        Relay.FetchDelay = TimeSpan.FromMilliseconds(700);
        try
        {
            var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => File.ReadAllBytes(Mnt("shared.bin")))).ToArray();
            Task.WaitAll(readers);
            Assert.All(readers, r => Assert.Equal(content, r.Result));
            Assert.Equal(1, Relay.FetchCount("shared.bin"));
        }
        finally
        {
            Relay.FetchDelay = TimeSpan.Zero;
        }
    }

    [SkippableFact]
    public void A_failed_or_timed_out_fetch_is_EIO_and_a_later_open_retries()
    {
        Prerequisites.Fuse();
        Relay.Offer("broken.txt", "eventually"u8.ToArray());
        Relay.FailFetch = p => p == "broken.txt" ? new IOException("relay unreachable") : null;
        try
        {
            var cat = Tools.Run("cat", Mnt("broken.txt"));
            Assert.Contains("Input/output error", cat.Stderr);
        }
        finally
        {
            Relay.FailFetch = _ => null;
        }

        Assert.Equal("eventually", File.ReadAllText(Mnt("broken.txt")));
        Assert.Equal(2, Relay.FetchCount("broken.txt"));

        Relay.Offer("slow.txt", "late"u8.ToArray());
        Relay.FetchDelay = TimeSpan.FromSeconds(10); // the fixture waits 8 s (wide enough for a loaded machine)
        try
        {
            Assert.Contains("Input/output error", Tools.Run("cat", Mnt("slow.txt")).Stderr);
        }
        finally
        {
            Relay.FetchDelay = TimeSpan.Zero;
        }
    }

    [SkippableFact]
    public void An_offer_of_unknown_size_reads_back_every_byte()
    {
        Prerequisites.Fuse();
        var content = RandomBytes(200_000);
        Relay.Offer("sealed.bin", content, revealSize: false);
        Assert.Equal(0, new FileInfo(Mnt("sealed.bin")).Length); // stand-in until fetched
        Assert.Equal(content, File.ReadAllBytes(Mnt("sealed.bin")));
        Assert.Equal(content, File.ReadAllBytes(Mnt("sealed.bin"))); // a second open, no fetch: the kernel learnt the size
        Assert.Equal(content, Convert.FromHexString(Tools.Run("od", "-An", "-v", "-tx1", Mnt("sealed.bin")).Stdout.Replace(" ", "").Replace("\n", "")));
        Assert.Equal(content.Length, new FileInfo(Mnt("sealed.bin")).Length);
    }

    [SkippableFact]
    public void State_xattr_is_readable_and_read_only()
    {
        Prerequisites.Fuse();
        Prerequisites.Tool("getfattr");
        File.WriteAllText(Mnt("mine.txt"), "x");
        Relay.Offer("theirs.txt", "y"u8.ToArray());
        Assert.Equal("local", Tools.Run("getfattr", "--only-values", "-n", "user.escale.state", Mnt("mine.txt")).Stdout);
        Assert.Equal("offered", Tools.Run("getfattr", "--only-values", "-n", "user.escale.state", Mnt("theirs.txt")).Stdout);
        Assert.Contains("user.escale.state", Tools.Run("getfattr", "-d", "-m", "-", Mnt("mine.txt")).Stdout);
        Assert.Contains("Operation not permitted", Tools.Run("setfattr", "-n", "user.escale.state", "-v", "x", Mnt("mine.txt")).Stderr);
        Assert.Contains("Operation not supported", Tools.Run("setfattr", "-n", "user.other", "-v", "x", Mnt("mine.txt")).Stderr);
        Assert.Contains("No such attribute", Tools.Run("getfattr", "-n", "user.other", Mnt("mine.txt")).Stderr);
        Assert.Equal(0, Relay.FetchCount("theirs.txt"));
    }

    [SkippableFact]
    public void Write_back_hears_closes_after_writes_renames_and_deletes()
    {
        Prerequisites.Fuse();
        Directory.CreateDirectory(Mnt("wb"));
        File.WriteAllText(Mnt("wb/a.txt"), "a");
        Assert.Equal("a", File.ReadAllText(Mnt("wb/a.txt"))); // a read-only open reports nothing
        File.Move(Mnt("wb/a.txt"), Mnt("wb/b.txt"));
        File.WriteAllText(Mnt("wb/.b.txt.swp"), "saved");
        File.Move(Mnt("wb/.b.txt.swp"), Mnt("wb/b.txt"), overwrite: true);
        File.Delete(Mnt("wb/b.txt"));

        var events = Relay.Events.Where(e => e.Contains("wb/", StringComparison.Ordinal)).ToArray();
        output.WriteLine(string.Join("\n", events));
        Assert.Equal(["changed wb/a.txt", "renamed wb/a.txt -> wb/b.txt", "changed wb/b.txt", "deleted wb/b.txt"], events);
    }

    [SkippableFact]
    public void Mv_no_clobber_onto_an_offered_name_is_refused()
    {
        Prerequisites.Fuse();
        Relay.Offer("taken.txt", "relay"u8.ToArray());
        File.WriteAllText(Mnt("mover.txt"), "local");
        Tools.Run("mv", "-n", Mnt("mover.txt"), Mnt("taken.txt"));
        Assert.Equal("local", File.ReadAllText(Mnt("mover.txt")));
        Assert.Equal(0, Relay.FetchCount("taken.txt"));
    }

    private static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        Random.Shared.NextBytes(b);
        return b;
    }
}
