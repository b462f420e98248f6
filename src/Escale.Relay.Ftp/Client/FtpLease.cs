namespace Escale.Relay.Ftp.Client;

/// <summary>A connection borrowed from the pool; disposing gives it back (or drops it when broken).</summary>
internal sealed class FtpLease(FtpConnectionPool pool, FtpConnection connection) : IAsyncDisposable
{
    private int _returned;

    public FtpConnection Connection => connection;

    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _returned, 1) == 0 ? pool.ReturnAsync(connection) : ValueTask.CompletedTask;
}
