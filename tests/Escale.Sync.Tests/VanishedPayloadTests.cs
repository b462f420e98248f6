using Escale.Core.Paths;
using Escale.Relay;
using Escale.Relay.Local;
using Escale.Testing;
using Escale.Testing.Scenarios;
using Xunit;

namespace Escale.Sync.Tests;

/// <summary>A payload that leaves the relay between a puller's listing and its lock (freed, or expired by its pusher) is no failure.</summary>
public sealed class VanishedPayloadTests : IDisposable
{
    private readonly TempDir _dir = new("vanished");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_payload_gone_under_the_lock_is_looked_at_again_not_reported_as_a_failure()
    {
        var relay = _dir.Sub("relay");
        await using var a = new ScenarioNode("vA", _dir.Path, new LocalFolderStore(relay, RelayTempNames.TagOf("vA")));
        var vanishing = new VanishingStore(new LocalFolderStore(relay, RelayTempNames.TagOf("vB")));
        await using var b = new ScenarioNode("vB", _dir.Path, vanishing);
        await a.SyncAsync();
        await b.SyncAsync();
        a.Write("gone.txt", "leaves before B takes it");
        await a.SyncAsync();

        vanishing.RemoveBeforeRead = "gone.txt"; // as the pusher's expiry would, between B's listing and its lock
        var pass = await b.SyncAsync(); // asserts no failure
        Assert.Equal(0, pass.Pulled);
        Assert.Equal(1, b.Log.Count("its payload left the relay before this node could pull it"));
        Assert.Null(b.Read("gone.txt"));
    }

    /// <summary>Deletes one payload just before it is opened for reading.</summary>
    private sealed class VanishingStore(IRelayStore inner) : IRelayStore
    {
        public string? RemoveBeforeRead { get; set; }

        public RelayCapabilities Capabilities => inner.Capabilities;

        public string Description => inner.Description;

        public IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, CancellationToken cancellationToken) => inner.ListAsync(directory, cancellationToken);

        public Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken) => inner.StatAsync(path, cancellationToken);

        public async Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken)
        {
            if (path.Value == RemoveBeforeRead)
            {
                await inner.DeleteAsync(path, cancellationToken);
            }

            return await inner.OpenReadAsync(path, offset, cancellationToken);
        }

        public Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken) => inner.WriteAsync(path, content, mode, cancellationToken);

        public Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => inner.AppendAsync(path, data, cancellationToken);

        public Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken) => inner.RenameAsync(from, to, overwrite, cancellationToken);

        public Task DeleteAsync(RelayPath path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

        public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(path, cancellationToken);

        public Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken) => inner.GetSpaceAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
