using Escale.Core.Paths;
using Escale.Relay;

namespace Escale.Sync.Tests.Parts;

/// <summary>
/// Cuts transfers as a dropped connection would: a download stream fails after <see cref="CutReadAfter"/> bytes,
/// an upload fails after <see cref="CutWriteAfter"/> bytes were read from its content (the store's atomic write
/// then leaves nothing under the final name). Each cut happens once per setting (set it again for another).
/// </summary>
internal sealed class CuttingStore(IRelayStore inner) : IRelayStore, IRelayStoreDecorator
{
    public long? CutReadAfter { get; set; }

    public long? CutWriteAfter { get; set; }

    public int Cuts { get; private set; }

    /// <summary>Placeholder writes that fail (as if the process died right before them).</summary>
    public int FailPlaceholderWrites { get; set; }

    public IRelayStore Inner => inner;

    public RelayCapabilities Capabilities => inner.Capabilities;

    public string Description => inner.Description;

    public IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, CancellationToken cancellationToken) => inner.ListAsync(directory, cancellationToken);

    public Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken) => inner.StatAsync(path, cancellationToken);

    public async Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken)
    {
        var stream = await inner.OpenReadAsync(path, offset, cancellationToken);
        if (CutReadAfter is { } after && IsContent(path))
        {
            CutReadAfter = null;
            Cuts++;
            return new CutStream(stream, after);
        }

        return stream;
    }

    public Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken)
    {
        if (FailPlaceholderWrites > 0 && path.Name.EndsWith(".placeholder", StringComparison.Ordinal))
        {
            FailPlaceholderWrites--;
            throw new IOException("killed before the placeholder write (test)");
        }

        if (CutWriteAfter is { } after && IsContent(path))
        {
            CutWriteAfter = null;
            Cuts++;
            content = new CutStream(content, after);
        }

        return inner.WriteAsync(path, content, mode, cancellationToken);
    }

    public Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => inner.AppendAsync(path, data, cancellationToken);

    public Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken) => inner.RenameAsync(from, to, overwrite, cancellationToken);

    public Task DeleteAsync(RelayPath path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(path, cancellationToken);

    public Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken) => inner.GetSpaceAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>Payloads and parts: what a transfer moves (placeholders, locks and records are left alone).</summary>
    private static bool IsContent(RelayPath path) =>
        !path.Name.StartsWith('.') || (path.Name.Contains(".escale-part-", StringComparison.Ordinal) && !path.Name.EndsWith(".lock", StringComparison.Ordinal));

    /// <summary>Hands out <paramref name="after"/> bytes, then fails as a cut connection does.</summary>
    private sealed class CutStream(Stream inner, long after) : ReadOnlyStream(inner)
    {
        public override long Length => Inner.Length;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (BytesRead >= after)
            {
                throw new IOException("connection cut (test)");
            }

            var n = await Inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, after - BytesRead)], cancellationToken);
            BytesRead += n;
            return n;
        }
    }
}
