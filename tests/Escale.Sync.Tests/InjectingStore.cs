using System.Runtime.CompilerServices;
using Escale.Core.Paths;
using Escale.Relay;

namespace Escale.Sync.Tests;

/// <summary>Adds names to root listings that no local file system would hold (over-long, "..", NUL).</summary>
internal sealed class InjectingStore(IRelayStore inner, Func<IReadOnlyList<string>> names, Func<RelayPath, bool>? failListing = null) : IRelayStore
{
    public RelayCapabilities Capabilities => inner.Capabilities;

    public string Description => inner.Description;

    public async IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (failListing?.Invoke(directory) == true)
        {
            throw new RelayException(RelayErrorKind.Transient, $"list {directory}: listing larger than 32 MiB (hostile server)");
        }

        await foreach (var e in inner.ListAsync(directory, cancellationToken))
        {
            yield return e;
        }

        if (directory.IsRoot)
        {
            foreach (var n in names())
            {
                yield return new RelayEntry(n, RelayEntryKind.File, 10, DateTimeOffset.UtcNow.AddHours(-1));
                yield return new RelayEntry("." + n + ".placeholder", RelayEntryKind.File, 10, DateTimeOffset.UtcNow.AddHours(-1));
            }
        }
    }

    public Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken) => inner.StatAsync(path, cancellationToken);

    public Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken) => inner.OpenReadAsync(path, offset, cancellationToken);

    public Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken) => inner.WriteAsync(path, content, mode, cancellationToken);

    public Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => inner.AppendAsync(path, data, cancellationToken);

    public Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken) => inner.RenameAsync(from, to, overwrite, cancellationToken);

    public Task DeleteAsync(RelayPath path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(path, cancellationToken);

    public Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken) => inner.GetSpaceAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
