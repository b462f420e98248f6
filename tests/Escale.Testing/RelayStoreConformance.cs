using System.Collections.Concurrent;
using System.Text;
using Escale.Core.Paths;
using Escale.Relay;
using Xunit;

namespace Escale.Testing;

/// <summary>
/// The contract of <see cref="IRelayStore"/>, run against every driver on a real server.
/// A driver's test class derives from this and returns a store on a fresh, empty relay folder.
/// </summary>
public abstract class RelayStoreConformance
{
    /// <summary>
    /// A store may declare a check it is known to fail (a gap in the backend, written down in native-notes):
    /// that check is then reported as skipped with the reason, never as passed.
    /// </summary>
    protected virtual string? KnownGap(string test) => null;

    private void SkipKnownGap([System.Runtime.CompilerServices.CallerMemberName] string test = "") =>
        Skip.If(KnownGap(test) is not null, KnownGap(test));

    /// <summary>A store rooted at a folder that no other test uses.</summary>
    protected abstract Task<IRelayStore> CreateStoreAsync();

    protected static RelayPath P(string path) => RelayPath.Parse(path);

    protected static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    protected static async Task<string> ReadTextAsync(IRelayStore store, string path, long offset = 0)
    {
        await using var s = await store.OpenReadAsync(P(path), offset, CancellationToken.None);
        using var reader = new StreamReader(s, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    protected static async Task<List<RelayEntry>> ListAsync(IRelayStore store, string dir = "")
    {
        var list = new List<RelayEntry>();
        await foreach (var e in store.ListAsync(dir.Length == 0 ? RelayPath.Root : P(dir), CancellationToken.None))
        {
            list.Add(e);
        }

        return list;
    }

    [Fact]
    public async Task Empty_relay_lists_nothing_and_missing_things_are_null()
    {
        await using var store = await CreateStoreAsync();
        Assert.Empty(await ListAsync(store));
        Assert.Empty(await ListAsync(store, "no/such/dir"));
        Assert.Null(await store.StatAsync(P("missing.txt"), CancellationToken.None));
        var e = await Assert.ThrowsAsync<RelayException>(() => store.OpenReadAsync(P("missing.txt"), 0, CancellationToken.None));
        Assert.Equal(RelayErrorKind.NotFound, e.Kind);
        await store.DeleteAsync(P("missing.txt"), CancellationToken.None); // idempotent
    }

    [Fact]
    public async Task Write_stat_read_and_list_round_trip()
    {
        await using var store = await CreateStoreAsync();
        await store.WriteAsync(P("hello.txt"), Bytes("hello world"), WriteMode.Overwrite, CancellationToken.None);
        var stat = await store.StatAsync(P("hello.txt"), CancellationToken.None);
        Assert.NotNull(stat);
        Assert.Equal(11, stat!.Size);
        Assert.False(stat.IsDirectory);
        Assert.Equal("hello world", await ReadTextAsync(store, "hello.txt"));
        var entry = Assert.Single(await ListAsync(store));
        Assert.Equal("hello.txt", entry.Name);
        Assert.Equal(11, entry.Size);
        if (store.Capabilities.ListingHasTimes)
        {
            Assert.NotNull(entry.Modified);
            var skew = (entry.Modified!.Value - DateTimeOffset.UtcNow).Duration();
            Assert.True(skew < TimeSpan.FromMinutes(5) + store.Capabilities.TimePrecision, $"mtime {entry.Modified} far from now");
        }
    }

    [Fact]
    public async Task Overwrite_replaces_content_and_size()
    {
        await using var store = await CreateStoreAsync();
        await store.WriteAsync(P("f"), Bytes("a much longer first version"), WriteMode.Overwrite, CancellationToken.None);
        await store.WriteAsync(P("f"), Bytes("short"), WriteMode.Overwrite, CancellationToken.None);
        Assert.Equal("short", await ReadTextAsync(store, "f"));
        Assert.Equal(5, (await store.StatAsync(P("f"), CancellationToken.None))!.Size);
    }

    [Fact]
    public async Task Zero_byte_file()
    {
        await using var store = await CreateStoreAsync();
        await store.WriteAsync(P("empty"), new MemoryStream(), WriteMode.Overwrite, CancellationToken.None);
        Assert.Equal(0, (await store.StatAsync(P("empty"), CancellationToken.None))!.Size);
        Assert.Equal("", await ReadTextAsync(store, "empty"));
    }

    [Fact]
    public async Task Create_new_refuses_an_existing_file()
    {
        await using var store = await CreateStoreAsync();
        await store.WriteAsync(P(".a.lock"), Bytes("lock%1.0\nowner: a\nmode: w"), WriteMode.CreateNew, CancellationToken.None);
        var e = await Assert.ThrowsAsync<RelayException>(() =>
            store.WriteAsync(P(".a.lock"), Bytes("lock%1.0\nowner: b\nmode: w"), WriteMode.CreateNew, CancellationToken.None));
        Assert.Equal(RelayErrorKind.AlreadyExists, e.Kind);
        Assert.Equal("lock%1.0\nowner: a\nmode: w", await ReadTextAsync(store, ".a.lock"));
    }

    [Fact]
    public async Task Create_new_race_has_exactly_one_winner_when_atomic()
    {
        await using var store = await CreateStoreAsync();
        if (!store.Capabilities.AtomicCreateNew)
        {
            return; // the protocol verifies by re-reading instead; nothing to promise here
        }

        var winners = new ConcurrentBag<int>();
        var tasks = Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                await store.WriteAsync(P(".race.lock"), Bytes($"owner {i}"), WriteMode.CreateNew, CancellationToken.None);
                winners.Add(i);
            }
            catch (RelayException e) when (e.Kind == RelayErrorKind.AlreadyExists)
            {
            }
        });
        await Task.WhenAll(tasks);
        var winner = Assert.Single(winners);
        Assert.Equal($"owner {winner}", await ReadTextAsync(store, ".race.lock"));
    }

    [SkippableFact]
    public async Task Subdirectories_are_created_on_write_and_listed()
    {
        SkipKnownGap();
        await using var store = await CreateStoreAsync();
        await store.WriteAsync(P("a/b/c.txt"), Bytes("deep"), WriteMode.Overwrite, CancellationToken.None);
        var root = await ListAsync(store);
        Assert.Contains(root, e => e.Name == "a" && e.IsDirectory);
        var b = await ListAsync(store, "a/b");
        Assert.Contains(b, e => e.Name == "c.txt" && !e.IsDirectory);
        Assert.Equal("deep", await ReadTextAsync(store, "a/b/c.txt"));
        await store.CreateDirectoryAsync(P("x/y"), CancellationToken.None);
        await store.CreateDirectoryAsync(P("x/y"), CancellationToken.None); // idempotent
        Assert.True((await store.StatAsync(P("x/y"), CancellationToken.None))?.IsDirectory);
    }

    [Theory]
    [InlineData("with space.txt")]
    [InlineData("ünïcødé ✓ 日本.txt")]
    [InlineData("percent%20 hash# question?.txt")]
    [InlineData("dir with space/sous-dossier é/file name.txt")]
    [InlineData("semi;colon,comma'quote&amp=eq+plus.txt")]
    [InlineData("-leading-dash.txt")]
    public async Task Awkward_names_round_trip(string name)
    {
        await using var store = await CreateStoreAsync();
        await store.WriteAsync(P(name), Bytes(name), WriteMode.Overwrite, CancellationToken.None);
        Assert.Equal(name, await ReadTextAsync(store, name));
        var dir = P(name).Parent;
        var entries = await ListAsync(store, dir.Value);
        Assert.Contains(entries, e => e.Name == P(name).Name);
        await store.DeleteAsync(P(name), CancellationToken.None);
        Assert.Null(await store.StatAsync(P(name), CancellationToken.None));
    }

    [Fact]
    public async Task Dot_files_are_stored_when_allowed()
    {
        await using var store = await CreateStoreAsync();
        if (!store.Capabilities.DotFilesAllowed)
        {
            return; // the agent refuses such a relay for the Escale protocol (locks and placeholders are dot-files)
        }

        await store.WriteAsync(P("d/.f.placeholder"), Bytes("placeholder%1.0"), WriteMode.Overwrite, CancellationToken.None);
        Assert.Contains(await ListAsync(store, "d"), e => e.Name == ".f.placeholder");
    }

    [SkippableFact]
    public async Task Rename_with_and_without_overwrite()
    {
        SkipKnownGap();
        await using var store = await CreateStoreAsync();
        await store.WriteAsync(P("a"), Bytes("A"), WriteMode.Overwrite, CancellationToken.None);
        await store.WriteAsync(P("b"), Bytes("B"), WriteMode.Overwrite, CancellationToken.None);
        var e = await Assert.ThrowsAsync<RelayException>(() => store.RenameAsync(P("a"), P("b"), overwrite: false, CancellationToken.None));
        Assert.Equal(RelayErrorKind.AlreadyExists, e.Kind);
        Assert.Equal("B", await ReadTextAsync(store, "b"));
        await store.RenameAsync(P("a"), P("b"), overwrite: true, CancellationToken.None);
        Assert.Equal("A", await ReadTextAsync(store, "b"));
        Assert.Null(await store.StatAsync(P("a"), CancellationToken.None));
        await store.RenameAsync(P("b"), P("sub dir/c"), overwrite: false, CancellationToken.None);
        Assert.Equal("A", await ReadTextAsync(store, "sub dir/c"));
    }

    [Fact]
    public async Task Append_adds_bytes_when_supported()
    {
        await using var store = await CreateStoreAsync();
        if (!store.Capabilities.Append)
        {
            return;
        }

        await store.WriteAsync(P(".p.placeholder"), Bytes("placeholder%1.0\n---pullers---"), WriteMode.Overwrite, CancellationToken.None);
        await store.AppendAsync(P(".p.placeholder"), Encoding.UTF8.GetBytes("\nnodeB"), CancellationToken.None);
        Assert.Equal("placeholder%1.0\n---pullers---\nnodeB", await ReadTextAsync(store, ".p.placeholder"));
    }

    [Fact]
    public async Task Read_from_an_offset_when_resumable()
    {
        await using var store = await CreateStoreAsync();
        await store.WriteAsync(P("r"), Bytes("0123456789"), WriteMode.Overwrite, CancellationToken.None);
        Assert.Equal("0123456789", await ReadTextAsync(store, "r"));
        if (store.Capabilities.ResumableDownload)
        {
            Assert.Equal("456789", await ReadTextAsync(store, "r", 4));
        }
    }

    [Fact]
    public async Task Large_file_streams_intact()
    {
        await using var store = await CreateStoreAsync();
        var data = new byte[5 * 1024 * 1024 + 123];
        new Random(42).NextBytes(data);
        await store.WriteAsync(P("big.bin"), new MemoryStream(data), WriteMode.Overwrite, CancellationToken.None);
        await using var s = await store.OpenReadAsync(P("big.bin"), 0, CancellationToken.None);
        var copy = new MemoryStream();
        await s.CopyToAsync(copy);
        Assert.Equal(data.Length, copy.Length);
        Assert.True(data.AsSpan().SequenceEqual(copy.ToArray()), "content differs");
    }

    [Fact]
    public async Task Delete_removes_and_is_idempotent()
    {
        await using var store = await CreateStoreAsync();
        await store.WriteAsync(P("x/del"), Bytes("x"), WriteMode.Overwrite, CancellationToken.None);
        await store.DeleteAsync(P("x/del"), CancellationToken.None);
        await store.DeleteAsync(P("x/del"), CancellationToken.None);
        Assert.Null(await store.StatAsync(P("x/del"), CancellationToken.None));
        Assert.DoesNotContain(await ListAsync(store, "x"), e => e.Name == "del");
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        await using var store = await CreateStoreAsync();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.WriteAsync(P("c"), new MemoryStream(new byte[1 << 20]), WriteMode.Overwrite, cts.Token));
    }
}
