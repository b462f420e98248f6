using System.Diagnostics;
using Escale.Core.Paths;
using Escale.Relay;
using Escale.Relay.Local;
using Escale.Testing;

namespace Escale.Relay.Tests;

/// <summary>Hole 3 of issue 11: a relay that trickles below the idle timeout must not hold a transfer for ever.</summary>
public sealed class TransferBoundTests : IDisposable
{
    private readonly TempDir _dir = new("bound");

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1024, 11)]
    [InlineData(10240, 20)]
    public void The_bound_grows_with_the_size(long bytes, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new TransferBound(1024, TimeSpan.FromSeconds(10)).For(bytes));

    [Fact]
    public async Task A_trickling_download_is_given_up_at_its_bound()
    {
        var inner = new LocalFolderStore(_dir.Sub("relay"), RelayTempNames.TagOf("a"));
        await inner.WriteAsync(RelayPath.Parse("f"), new MemoryStream(new byte[4096]), WriteMode.Overwrite, CancellationToken.None);
        var store = new BoundedRelayStore(new TricklingStore(inner), new TransferBound(1024, TimeSpan.FromSeconds(1)), TimeProvider.System);
        var clock = Stopwatch.StartNew();
        await using var s = await store.OpenReadAsync(RelayPath.Parse("f"), 0, CancellationToken.None);
        var e = await Assert.ThrowsAsync<RelayException>(() => s.CopyToAsync(Stream.Null));
        Assert.Equal(RelayErrorKind.Transient, e.Kind);
        Assert.Contains("minimum rate", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}"); // unbounded, 4096 bytes at 5 B/s take 14 min
    }

    [Fact]
    public async Task A_trickling_upload_is_given_up_at_its_bound()
    {
        var inner = new LocalFolderStore(_dir.Sub("relay2"), RelayTempNames.TagOf("a"));
        var store = new BoundedRelayStore(inner, new TransferBound(1024, TimeSpan.FromSeconds(1)), TimeProvider.System);
        var e = await Assert.ThrowsAsync<RelayException>(() =>
            store.WriteAsync(RelayPath.Parse("f"), new Trickle(new MemoryStream(new byte[4096])), WriteMode.Overwrite, CancellationToken.None));
        Assert.Contains("minimum rate", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(inner.Root)); // no temp left
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>One byte every 200 ms, whatever is asked: always inside any idle timeout.</summary>
    private sealed class Trickle(Stream inner) : ReadOnlyStream(inner)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(200, cancellationToken);
            var n = await Inner.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
            BytesRead += n;
            return n;
        }
    }

    private sealed class TricklingStore(IRelayStore inner) : IRelayStore
    {
        public RelayCapabilities Capabilities => inner.Capabilities;

        public string Description => inner.Description;

        public IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, CancellationToken cancellationToken) => inner.ListAsync(directory, cancellationToken);

        public Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken) => inner.StatAsync(path, cancellationToken);

        public async Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken) =>
            new Trickle(await inner.OpenReadAsync(path, offset, cancellationToken));

        public Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken) => inner.WriteAsync(path, content, mode, cancellationToken);

        public Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => inner.AppendAsync(path, data, cancellationToken);

        public Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken) => inner.RenameAsync(from, to, overwrite, cancellationToken);

        public Task DeleteAsync(RelayPath path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

        public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(path, cancellationToken);

        public Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken) => inner.GetSpaceAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
