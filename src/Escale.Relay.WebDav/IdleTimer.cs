namespace Escale.Relay.WebDav;

/// <summary>
/// Cancels one request after <c>timeout</c> of silence, not after a fixed total: HttpClient.Timeout
/// would cut a large transfer that is merely long. Linked to the caller's token; Touch() on progress.
/// </summary>
internal sealed class IdleTimer : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _caller;
    private readonly TimeSpan _timeout;

    public IdleTimer(TimeSpan timeout, CancellationToken caller)
    {
        _timeout = timeout;
        _caller = caller;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _cts.CancelAfter(timeout);
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The request was cancelled by the timer, not by the caller.</summary>
    public bool Expired => _cts.IsCancellationRequested && !_caller.IsCancellationRequested;

    public TimeSpan Timeout => _timeout;

    public void Touch()
    {
        try
        {
            _cts.CancelAfter(_timeout);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _cts.Dispose();
}
