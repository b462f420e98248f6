using System.Runtime.CompilerServices;
using Escale.Core.Paths;
using Escale.Relay;

namespace Escale.Agent;

/// <summary>
/// A repository's relay, connected on first use rather than at start: an agent that starts while the
/// relay is unreachable keeps running and its engine retries with backoff (every call connects until
/// one succeeds). The connection step also checks the repository marker, so nothing is pushed or
/// pulled before the relay is known to fit this node. Owned and disposed by <see cref="RepositoryAgent"/>.
/// </summary>
public sealed class ConnectingRelayStore(Func<CancellationToken, Task<IRelayStore>> connect, string description) : IRelayStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile IRelayStore? _inner;
    private bool _disposed;

    /// <summary>Until connected: what a store promises at least (no atomic create, no append), so nothing relies on more.</summary>
    public RelayCapabilities Capabilities => _inner?.Capabilities ?? new RelayCapabilities();

    public string Description => _inner?.Description ?? description;

    public bool IsConnected => _inner is not null;

    /// <summary>The connected store (connecting now if needed); throws the connection's <see cref="RelayException"/>.</summary>
    public async Task<IRelayStore> GetAsync(CancellationToken cancellationToken)
    {
        if (_inner is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _inner ??= await connect(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var store = await GetAsync(cancellationToken);
        await foreach (var e in store.ListAsync(directory, cancellationToken))
        {
            yield return e;
        }
    }

    public async Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken) =>
        await (await GetAsync(cancellationToken)).StatAsync(path, cancellationToken);

    public async Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken) =>
        await (await GetAsync(cancellationToken)).OpenReadAsync(path, offset, cancellationToken);

    public async Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken) =>
        await (await GetAsync(cancellationToken)).WriteAsync(path, content, mode, cancellationToken);

    public async Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        await (await GetAsync(cancellationToken)).AppendAsync(path, data, cancellationToken);

    public async Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken) =>
        await (await GetAsync(cancellationToken)).RenameAsync(from, to, overwrite, cancellationToken);

    public async Task DeleteAsync(RelayPath path, CancellationToken cancellationToken) =>
        await (await GetAsync(cancellationToken)).DeleteAsync(path, cancellationToken);

    public async Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken) =>
        await (await GetAsync(cancellationToken)).CreateDirectoryAsync(path, cancellationToken);

    public async Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken) =>
        await (await GetAsync(cancellationToken)).GetSpaceAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            if (_inner is { } inner)
            {
                _inner = null;
                await inner.DisposeAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
