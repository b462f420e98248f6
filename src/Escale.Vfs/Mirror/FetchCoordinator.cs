using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Escale.Vfs.Mirror;

/// <summary>
/// Runs at most one fetch per path at a time and lets any number of opens wait for it with a
/// bound. A fetch that outlives its waiters keeps running (owned here, cancelled on dispose), so
/// the next open joins it instead of starting over.
/// </summary>
internal sealed class FetchCoordinator(IRelayOffers offers, TimeSpan timeout, ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public int InFlight => _inFlight.Count;

    /// <summary>Blocks until the fetch of <paramref name="relativePath"/> is done, failed, or the bound passed.</summary>
    public VfsError Fetch(string relativePath)
    {
        Lazy<Task>? mine = null;
        var lazy = _inFlight.GetOrAdd(relativePath, p => mine = new Lazy<Task>(() => RunAsync(p, mine!)));
        Task task;
        try
        {
            task = lazy.Value;
        }
        catch (Exception e)
        {
            logger.LogError("fetch of {Path} could not start: {Reason}", relativePath, e.Message);
            return VfsError.IoError;
        }

        try
        {
            if (task.Wait(timeout))
            {
                return VfsError.Ok;
            }
        }
        catch (AggregateException)
        {
            return VfsError.IoError; // RunAsync logged the reason once for all waiters
        }

        logger.LogError("open of {Path} failed: the fetch from the relay did not finish within {Seconds:0.#} s (it continues in the background)", relativePath, timeout.TotalSeconds);
        return VfsError.IoError;
    }

    private async Task RunAsync(string relativePath, Lazy<Task> self)
    {
        try
        {
            await Task.Yield(); // never complete inside GetOrAdd's caller before the entry is visible
            await offers.FetchAsync(relativePath, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError("fetch of {Path} from the relay failed: {Reason}", relativePath, e.Message);
            throw;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task>>(relativePath, self));
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
