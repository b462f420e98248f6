using System.Runtime.CompilerServices;
using Escale.Core.Paths;

namespace Escale.Relay;

/// <summary>Counts relay operations (one per call, listing = one per directory), for benchmarks and tests.</summary>
public sealed class CountingRelayStore(IRelayStore inner) : IRelayStore
{
    private long _operations;
    private long _bytesUp;
    private long _bytesDown;

    public long Operations => Interlocked.Read(ref _operations);

    public long BytesUploaded => Interlocked.Read(ref _bytesUp);

    public long BytesDownloaded => Interlocked.Read(ref _bytesDown);

    public RelayCapabilities Capabilities => inner.Capabilities;

    public string Description => inner.Description;

    public async IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Count();
        await foreach (var e in inner.ListAsync(directory, cancellationToken))
        {
            yield return e;
        }
    }

    public Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken)
    {
        Count();
        return inner.StatAsync(path, cancellationToken);
    }

    public async Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken)
    {
        Count();
        var s = await inner.OpenReadAsync(path, offset, cancellationToken);
        return new CountingStream(s, n => Interlocked.Add(ref _bytesDown, n));
    }

    public Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken)
    {
        Count();
        return inner.WriteAsync(path, new CountingStream(content, n => Interlocked.Add(ref _bytesUp, n)), mode, cancellationToken);
    }

    public Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Count();
        Interlocked.Add(ref _bytesUp, data.Length);
        return inner.AppendAsync(path, data, cancellationToken);
    }

    public Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken)
    {
        Count();
        return inner.RenameAsync(from, to, overwrite, cancellationToken);
    }

    public Task DeleteAsync(RelayPath path, CancellationToken cancellationToken)
    {
        Count();
        return inner.DeleteAsync(path, cancellationToken);
    }

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken)
    {
        Count();
        return inner.CreateDirectoryAsync(path, cancellationToken);
    }

    public Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken) => inner.GetSpaceAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private void Count() => Interlocked.Increment(ref _operations);
}
