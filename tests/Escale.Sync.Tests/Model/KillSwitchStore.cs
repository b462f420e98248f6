using System.Runtime.CompilerServices;
using Escale.Core.Paths;
using Escale.Relay;

namespace Escale.Sync.Tests.Model;

/// <summary>
/// "kill -9" for a node: after a set number of relay operations the pass's token is cancelled and
/// every later operation throws without touching the relay, so nothing is cleaned up on the way
/// out (no lock released, no temp upload removed), as when the process dies.
/// </summary>
internal sealed class KillSwitchStore(IRelayStore inner) : IRelayStore
{
    private readonly object _gate = new();
    private int _budget = -1;
    private CancellationTokenSource? _victim;

    public bool Killed { get; private set; }

    public RelayCapabilities Capabilities => inner.Capabilities;

    public string Description => inner.Description;

    /// <summary>The next <paramref name="operations"/> operations go through, then the process "dies".</summary>
    public void Arm(int operations, CancellationTokenSource victim)
    {
        _budget = operations;
        _victim = victim;
    }

    public async IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Spend();
        await foreach (var e in inner.ListAsync(directory, cancellationToken))
        {
            yield return e;
        }
    }

    public Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken)
    {
        Spend();
        return inner.StatAsync(path, cancellationToken);
    }

    public Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken)
    {
        Spend();
        return inner.OpenReadAsync(path, offset, cancellationToken);
    }

    public Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken)
    {
        Spend();
        return inner.WriteAsync(path, content, mode, cancellationToken);
    }

    public Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Spend();
        return inner.AppendAsync(path, data, cancellationToken);
    }

    public Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken)
    {
        Spend();
        return inner.RenameAsync(from, to, overwrite, cancellationToken);
    }

    public Task DeleteAsync(RelayPath path, CancellationToken cancellationToken)
    {
        Spend();
        return inner.DeleteAsync(path, cancellationToken);
    }

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken)
    {
        Spend();
        return inner.CreateDirectoryAsync(path, cancellationToken);
    }

    public Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken)
    {
        Spend();
        return inner.GetSpaceAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    // Parallel transfers share the budget; a lock keeps the count exact.
    private void Spend()
    {
        bool dies;
        lock (_gate)
        {
            dies = !Killed && _budget >= 0 && _budget-- == 0;
            Killed |= dies;
            if (Killed && !dies)
            {
                throw new OperationCanceledException("killed (model test)");
            }
        }

        if (dies)
        {
            _victim?.Cancel();
            throw new OperationCanceledException("killed (model test)");
        }
    }
}
