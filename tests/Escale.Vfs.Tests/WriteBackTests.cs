using Escale.Vfs;

namespace Escale.Vfs.Tests;

/// <summary>What the sync side hears about changes made through the folder (the same for every front-end).</summary>
public sealed class WriteBackTests : IDisposable
{
    private readonly FolderFixture _f = new();

    [Fact]
    public void A_written_file_is_reported_on_flush_and_release_not_while_open()
    {
        Assert.Equal(VfsError.Ok, _f.Folder.Create("doc.txt", VfsOpenFlags.ReadWrite, (UnixFileMode)0b110_100_100, out var h, out _));
        Assert.Equal(VfsError.Ok, _f.Folder.Write(h, "abc"u8, 0, out var n));
        Assert.Equal(3, n);
        Assert.Empty(_f.Relay.Events);
        Assert.Equal(VfsError.Ok, _f.Folder.Flush(h));
        Assert.Equal(["changed doc.txt"], _f.Relay.Events);
        Assert.Equal(VfsError.Ok, _f.Folder.Release(h));
        Assert.Equal(VfsError.BadHandle, _f.Folder.Write(h, "x"u8, 0, out _));
        Assert.Equal(0, _f.Folder.OpenHandles);
    }

    [Fact]
    public void A_read_only_open_reports_nothing()
    {
        File.WriteAllText(_f.Full("r.txt"), "read me");
        Assert.Equal("read me"u8.ToArray(), _f.ReadAll("r.txt"));
        Assert.Empty(_f.Relay.Events);
    }

    [Fact]
    public void Hidden_temp_files_are_not_reported_until_renamed_to_a_synced_name()
    {
        _f.WriteAll(".save.tmp", "x"u8.ToArray());
        Assert.Empty(_f.Relay.Events);
        Assert.Equal(VfsError.Ok, _f.Folder.Rename(".save.tmp", "doc.txt", VfsRenameFlags.None));
        Assert.Equal(["changed doc.txt"], _f.Relay.Events);
    }

    [Fact]
    public void Rename_and_unlink_are_reported()
    {
        _f.WriteAll("a.txt", "a"u8.ToArray());
        Assert.Equal(VfsError.Ok, _f.Folder.Rename("a.txt", "b.txt", VfsRenameFlags.None));
        Assert.Equal(VfsError.Ok, _f.Folder.Unlink("b.txt"));
        Assert.Equal(["changed a.txt", "renamed a.txt -> b.txt", "deleted b.txt"], _f.Relay.Events.Distinct());
    }

    [Fact]
    public void Unlink_of_an_offer_is_reported_as_a_decline()
    {
        _f.Relay.Offer("declined.txt", [1, 2]);
        Assert.Equal(VfsError.Ok, _f.Folder.Unlink("declined.txt"));
        Assert.Equal(["deleted declined.txt"], _f.Relay.Events);
        Assert.Equal(0, _f.Relay.FetchCount("declined.txt"));
    }

    [Fact]
    public void Exclusive_create_of_an_existing_name_fails()
    {
        _f.WriteAll("x.txt", [1]);
        Assert.Equal(VfsError.Exists, _f.Folder.Create("x.txt", VfsOpenFlags.ReadWrite | VfsOpenFlags.Exclusive, (UnixFileMode)0b110_100_100, out _, out _));
    }

    [Fact]
    public void Setting_the_modification_time_by_name_is_a_change()
    {
        _f.WriteAll("t.txt", [1]);
        var when = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Assert.Equal(VfsError.Ok, _f.Folder.SetTimes("t.txt", 0, null, when));
        Assert.Equal(when.UtcDateTime, File.GetLastWriteTimeUtc(_f.Full("t.txt")));
        Assert.Equal(2, _f.Relay.Events.Count(e => e == "changed t.txt"));
    }

    [Fact]
    public void Links_are_refused()
    {
        _f.WriteAll("t.txt", [1]);
        Assert.Equal(VfsError.NotPermitted, _f.Folder.CreateSymbolicLink("t.txt", "l"));
        Assert.Equal(VfsError.NotPermitted, _f.Folder.CreateHardLink("t.txt", "h"));
    }

    public void Dispose() => _f.Dispose();
}
