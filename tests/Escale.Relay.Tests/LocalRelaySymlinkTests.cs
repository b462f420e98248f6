using Escale.Core.Paths;
using Escale.Relay;
using Escale.Relay.Local;
using Escale.Testing;

namespace Escale.Relay.Tests;

/// <summary>
/// Hole 2 of issue 11: whoever controls a shared relay folder plants symbolic links; a node (often
/// root) must never read or write through one, whatever component it is in.
/// </summary>
public sealed class LocalRelaySymlinkTests : IDisposable
{
    private readonly TempDir _dir = new("relay-links");
    private readonly string _relay;
    private readonly string _outside;
    private readonly LocalFolderStore _store;

    public LocalRelaySymlinkTests()
    {
        _relay = _dir.Sub("relay");
        _outside = _dir.Sub("outside");
        _store = new LocalFolderStore(_relay, RelayTempNames.TagOf("node-a"));
    }

    [Fact]
    public async Task A_folder_link_is_never_written_through()
    {
        Directory.CreateSymbolicLink(Path.Combine(_relay, "pushdir"), _outside);
        var e = await Assert.ThrowsAsync<RelayException>(() =>
            _store.WriteAsync(RelayPath.Parse("pushdir/p.txt"), new MemoryStream("payload"u8.ToArray()), WriteMode.Overwrite, CancellationToken.None));
        Assert.Equal(RelayErrorKind.Permanent, e.Kind);
        Assert.Contains("symbolic link", e.Message);
        await Assert.ThrowsAsync<RelayException>(() =>
            _store.WriteAsync(RelayPath.Parse("pushdir/.p.txt.placeholder"), new MemoryStream("x"u8.ToArray()), WriteMode.CreateNew, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside));
    }

    [Fact]
    public async Task A_deep_folder_link_is_refused_at_its_component()
    {
        Directory.CreateDirectory(Path.Combine(_relay, "a"));
        Directory.CreateSymbolicLink(Path.Combine(_relay, "a", "b"), _outside);
        await Assert.ThrowsAsync<RelayException>(() =>
            _store.WriteAsync(RelayPath.Parse("a/b/c/p.txt"), new MemoryStream("payload"u8.ToArray()), WriteMode.Overwrite, CancellationToken.None));
        await Assert.ThrowsAsync<RelayException>(() => _store.CreateDirectoryAsync(RelayPath.Parse("a/b/c"), CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside));
    }

    [Fact]
    public async Task A_file_link_is_replaced_not_followed()
    {
        var victim = Path.Combine(_outside, "victim");
        await File.WriteAllTextAsync(victim, "original");
        File.CreateSymbolicLink(Path.Combine(_relay, "p.txt"), victim);

        await _store.WriteAsync(RelayPath.Parse("p.txt"), new MemoryStream("payload"u8.ToArray()), WriteMode.Overwrite, CancellationToken.None);
        Assert.Equal("original", await File.ReadAllTextAsync(victim));
        Assert.Null(new FileInfo(Path.Combine(_relay, "p.txt")).LinkTarget); // the link itself was replaced

        File.CreateSymbolicLink(Path.Combine(_relay, "q.txt"), victim);
        await Assert.ThrowsAsync<RelayException>(() => _store.AppendAsync(RelayPath.Parse("q.txt"), "tail"u8.ToArray(), CancellationToken.None));
        var created = await Assert.ThrowsAsync<RelayException>(() =>
            _store.WriteAsync(RelayPath.Parse("q.txt"), new MemoryStream("x"u8.ToArray()), WriteMode.CreateNew, CancellationToken.None));
        Assert.Equal(RelayErrorKind.AlreadyExists, created.Kind);
        Assert.Equal("original", await File.ReadAllTextAsync(victim));
    }

    [Fact]
    public async Task Links_are_never_read_listed_or_deleted_through()
    {
        var secret = Path.Combine(_outside, "secret");
        await File.WriteAllTextAsync(secret, "secret");
        File.CreateSymbolicLink(Path.Combine(_relay, "s.txt"), secret);
        Directory.CreateSymbolicLink(Path.Combine(_relay, "d"), _outside);

        await Assert.ThrowsAsync<RelayException>(() => _store.OpenReadAsync(RelayPath.Parse("s.txt"), 0, CancellationToken.None));
        await Assert.ThrowsAsync<RelayException>(() => _store.OpenReadAsync(RelayPath.Parse("d/secret"), 0, CancellationToken.None));
        Assert.Null(await _store.StatAsync(RelayPath.Parse("s.txt"), CancellationToken.None));
        await Assert.ThrowsAsync<RelayException>(async () => await _store.ListAsync(RelayPath.Parse("d"), CancellationToken.None).ToListAsync());
        Assert.Empty(await _store.ListAsync(RelayPath.Root, CancellationToken.None).ToListAsync());
        await Assert.ThrowsAsync<RelayException>(() => _store.DeleteAsync(RelayPath.Parse("d/secret"), CancellationToken.None));
        await Assert.ThrowsAsync<RelayException>(() => _store.RenameAsync(RelayPath.Parse("d/secret"), RelayPath.Parse("mine"), true, CancellationToken.None));
        Assert.True(File.Exists(secret));
        Assert.False(File.Exists(Path.Combine(_relay, "mine")));
    }

    public void Dispose() => _dir.Dispose();
}
