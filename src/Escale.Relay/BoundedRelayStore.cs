using System.Runtime.CompilerServices;
using Escale.Core.Paths;

namespace Escale.Relay;

/// <summary>
/// Gives every relay operation a total bound (<see cref="TransferBound"/>) on top of the driver's idle
/// timeout, so that no pass (and no <c>--once</c>) can be held for ever by a relay that answers slowly
/// enough never to look dead: downloads and uploads through <see cref="MinimumRateStream"/>, listings
/// and small operations by a deadline sized for <see cref="TransferBound.ListingBudgetBytes"/> / the
/// grace. Sits under the retry decorator, so each attempt has its own bound.
/// </summary>
public sealed class BoundedRelayStore(IRelayStore inner, TransferBound bound, TimeProvider time) : IRelayStore, IRelayStoreDecorator
{
    public RelayCapabilities Capabilities => inner.Capabilities;

    public string Description => inner.Description;

    public IRelayStore Inner => inner;

    public async IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var entries = await BoundedAsync($"list {directory}", bound.For(TransferBound.ListingBudgetBytes), async ct =>
        {
            var list = new List<RelayEntry>();
            await foreach (var e in inner.ListAsync(directory, ct))
            {
                list.Add(e);
            }

            return list;
        }, cancellationToken);
        foreach (var e in entries)
        {
            yield return e;
        }
    }

    public Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken) =>
        BoundedAsync($"stat {path}", bound.Grace, ct => inner.StatAsync(path, ct), cancellationToken);

    public async Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken)
    {
        var stream = await BoundedAsync($"read {path}", bound.Grace, ct => inner.OpenReadAsync(path, offset, ct), cancellationToken);
        return new MinimumRateStream(stream, bound, time, $"read {path}");
    }

    public Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken)
    {
        // The driver reads our content as fast as the relay takes it: the rate is measured there. A known
        // length also gets a hard deadline, for a relay that stops reading after the last byte was sent.
        var limit = content.CanSeek ? bound.For(content.Length - content.Position) : Timeout.InfiniteTimeSpan;
        var measured = new MinimumRateStream(content, bound, time, $"write {path}");
        return BoundedAsync($"write {path}", limit, async ct =>
        {
            await inner.WriteAsync(path, measured, mode, ct);
            return true;
        }, cancellationToken);
    }

    public Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        BoundedAsync($"append {path}", bound.For(data.Length), async ct =>
        {
            await inner.AppendAsync(path, data, ct);
            return true;
        }, cancellationToken);

    public Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken) =>
        BoundedAsync($"rename {from}", bound.Grace, async ct =>
        {
            await inner.RenameAsync(from, to, overwrite, ct);
            return true;
        }, cancellationToken);

    public Task DeleteAsync(RelayPath path, CancellationToken cancellationToken) =>
        BoundedAsync($"delete {path}", bound.Grace, async ct =>
        {
            await inner.DeleteAsync(path, ct);
            return true;
        }, cancellationToken);

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken) =>
        BoundedAsync($"mkdir {path}", bound.Grace, async ct =>
        {
            await inner.CreateDirectoryAsync(path, ct);
            return true;
        }, cancellationToken);

    public Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken) =>
        BoundedAsync("space", bound.Grace, ct => inner.GetSpaceAsync(ct), cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async Task<T> BoundedAsync<T>(string what, TimeSpan limit, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(limit);
        }

        var started = time.GetTimestamp();
        try
        {
            return await operation(deadline.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException || (e is RelayException r && r.Kind == RelayErrorKind.Transient))
        {
            if (!deadline.IsCancellationRequested || cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new RelayException(RelayErrorKind.Transient,
                $"{what}: not done within {limit.TotalSeconds:0} s (minimum rate {bound.Describe()}); given up after {time.GetElapsedTime(started).TotalSeconds:0} s", e);
        }
    }
}
