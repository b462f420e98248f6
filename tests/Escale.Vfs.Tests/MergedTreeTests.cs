using System.Text;

namespace Escale.Vfs.Tests;

/// <summary>The merged tree both front-ends list: local files ∪ offers, offers with their real sizes, never fetched by a listing.</summary>
public sealed class MergedTreeTests : IDisposable
{
    private readonly FolderFixture _f = new();

    [Fact]
    public void Listing_merges_local_files_and_offers_without_fetching()
    {
        File.WriteAllText(_f.Full("local.txt"), "here");
        _f.Relay.Offer("remote.bin", new byte[4321]);
        _f.Relay.Offer("folder/inner.txt", new byte[3]);
        _f.Relay.Offer("secret.bin", new byte[10], revealSize: false);

        Assert.Equal(VfsError.Ok, _f.Folder.ReadDirectory("", out var entries));
        var byName = entries.ToDictionary(e => e.Name);
        Assert.Equal(["folder", "local.txt", "remote.bin", "secret.bin"], byName.Keys.Order());
        Assert.Equal(4321, byName["remote.bin"].Attributes.Size);
        Assert.True(byName["remote.bin"].Attributes.Offered);
        Assert.Equal(VfsEntryKind.Directory, byName["folder"].Attributes.Kind);
        Assert.True(byName["secret.bin"].Attributes.SizeUnknown);
        Assert.False(byName["local.txt"].Attributes.Offered);
        Assert.Equal(0, _f.Relay.FetchCount("remote.bin"));
    }

    [Fact]
    public void A_newer_offer_of_a_local_file_shows_the_offer()
    {
        File.WriteAllText(_f.Full("both.txt"), "old");
        _f.Relay.Offer("both.txt", Encoding.UTF8.GetBytes("newer content"));
        Assert.Equal(VfsError.Ok, _f.Folder.GetAttributes("both.txt", 0, out var a));
        Assert.True(a.Offered);
        Assert.Equal(13, a.Size);
        Assert.Equal("newer content", Encoding.UTF8.GetString(_f.ReadAll("both.txt")));
    }

    [Fact]
    public void State_attribute_says_offered_or_what_the_sync_side_says()
    {
        File.WriteAllText(_f.Full("mine.txt"), "x");
        _f.Relay.Offer("theirs.txt", [1]);
        Assert.Equal(VfsError.Ok, _f.Folder.GetExtendedAttribute("theirs.txt", "user.escale.state", out var s1));
        Assert.Equal("offered", Encoding.UTF8.GetString(s1));
        Assert.Equal(VfsError.Ok, _f.Folder.GetExtendedAttribute("mine.txt", "user.escale.state", out var s2));
        Assert.Equal("local", Encoding.UTF8.GetString(s2));
        Assert.Equal(VfsError.NoData, _f.Folder.GetExtendedAttribute("mine.txt", "user.other", out _));
        Assert.Equal(VfsError.NotFound, _f.Folder.GetExtendedAttribute("nothing.txt", "user.escale.state", out _));
        Assert.Equal(VfsError.NotPermitted, _f.Folder.SetExtendedAttribute("mine.txt", "user.escale.state", "x"u8));
    }

    [Fact]
    public void Rmdir_of_a_folder_holding_offers_is_not_empty()
    {
        Directory.CreateDirectory(_f.Full("d"));
        _f.Relay.Offer("d/x.txt", [1]);
        Assert.Equal(VfsError.NotEmpty, _f.Folder.RemoveDirectory("d"));
        Assert.True(Directory.Exists(_f.Full("d")));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    public void Paths_outside_the_mirror_are_refused(string path)
    {
        Assert.Equal(VfsError.InvalidArgument, _f.Folder.Create(path, VfsOpenFlags.ReadWrite, (UnixFileMode)0b110_100_100, out _, out _));
        Assert.Equal(VfsError.InvalidArgument, _f.Folder.MakeDirectory(path, (UnixFileMode)0b111_101_101));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_f.Mirror)!, "outside")));
    }

    [Fact]
    public void Offers_changing_behind_the_folder_raise_invalidated()
    {
        var seen = new List<string>();
        _f.Folder.Invalidated += seen.Add;
        _f.Relay.RaiseChanged("a/b.txt");
        Assert.Equal(["a/b.txt"], seen);
    }

    public void Dispose() => _f.Dispose();
}
