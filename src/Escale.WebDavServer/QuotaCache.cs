namespace Escale.WebDavServer;

/// <summary>
/// The relay's quota as listings show it: refreshed in the background at most once per period,
/// so a PROPFIND never waits on the relay (the first one may answer without quota).
/// </summary>
internal sealed class QuotaCache(Func<CancellationToken, Task<WebDavQuota?>>? source, TimeSpan period, TimeProvider time, CancellationToken stopping)
{
    private readonly object _gate = new();
    private WebDavQuota? _last;
    private DateTimeOffset _asked = DateTimeOffset.MinValue;
    private Task? _refresh;

    public WebDavQuota? Current
    {
        get
        {
            if (source is null)
            {
                return null;
            }

            lock (_gate)
            {
                var now = time.GetUtcNow();
                if (_refresh is null && now - _asked >= period)
                {
                    _asked = now;
                    _refresh = RefreshAsync();
                }

                return _last;
            }
        }
    }

    /// <summary>Waits for the refresh in progress (tests, and the first listing after start).</summary>
    public Task WhenRefreshed()
    {
        lock (_gate)
        {
            return _refresh ?? Task.CompletedTask;
        }
    }

    private async Task RefreshAsync()
    {
        WebDavQuota? value = null;
        try
        {
            value = await source!(stopping).ConfigureAwait(false);
        }
        catch (Exception) when (!stopping.IsCancellationRequested)
        {
            // a relay that cannot say its quota shows none; the sync side reports relay errors
        }
        catch (OperationCanceledException)
        {
        }

        lock (_gate)
        {
            _last = value ?? _last;
            _refresh = null;
        }
    }
}
