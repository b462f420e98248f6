using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.Ftp.Client;

/// <summary>
/// At most <c>transfers</c> logged-in connections, reused across operations (a login costs several round
/// trips, TLS a few more). A connection that broke, or that the server closed while idle (idle timeout,
/// restart, 421), is dropped and replaced by a fresh login on the next rent. Idle connections get a NOOP
/// now and then so that server idle timeouts do not close them under us.
/// </summary>
internal sealed class FtpConnectionPool : IAsyncDisposable
{
    private static readonly TimeSpan KeepAliveEvery = TimeSpan.FromSeconds(60);
    private readonly Func<CancellationToken, Task<FtpConnection>> _open;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<FtpConnection> _idle = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _keepAlive;
    private int _disposed;

    public FtpConnectionPool(int size, Func<CancellationToken, Task<FtpConnection>> open, ILogger logger, FtpConnection? first = null)
    {
        Size = size;
        _open = open;
        _logger = logger;
        _slots = new SemaphoreSlim(size, size);
        if (first is not null)
        {
            _idle.Push(first);
            _opened = 1;
        }

        _keepAlive = KeepAliveAsync(_stop.Token);
    }

    public int Size { get; }

    /// <summary>Logins done so far (the first one included when it came through the constructor).</summary>
    public int Opened => Volatile.Read(ref _opened);

    private int _opened;

    public async Task<FtpLease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            while (_idle.TryPop(out var idle))
            {
                if (idle.LooksAlive())
                {
                    return new FtpLease(this, idle);
                }

                _logger.LogDebug("ftp {Endpoint}: idle connection was closed by the server; logging in again", idle.Options.Endpoint);
                await idle.DisposeAsync();
            }

            var fresh = await _open(cancellationToken);
            Interlocked.Increment(ref _opened);
            return new FtpLease(this, fresh);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    internal async ValueTask ReturnAsync(FtpConnection connection)
    {
        if (connection.IsBroken || Volatile.Read(ref _disposed) != 0)
        {
            await connection.DisposeAsync();
        }
        else
        {
            _idle.Push(connection);
        }

        _slots.Release();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await _keepAlive;
        var quits = new List<Task>();
        while (_idle.TryPop(out var c))
        {
            quits.Add(c.QuitAsync());
        }

        await Task.WhenAll(quits);
        _stop.Dispose();
    }

    private async Task KeepAliveAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(KeepAliveEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                // Only connections nobody uses: take a slot without waiting, one connection per tick.
                if (!_slots.Wait(0))
                {
                    continue;
                }

                FtpConnection? c = null;
                try
                {
                    if (_idle.TryPop(out c) && Environment.TickCount64 - c.LastUsed >= KeepAliveEvery.TotalMilliseconds && c.LooksAlive())
                    {
                        await c.CommandAsync("NOOP", stop);
                    }
                }
                catch (Exception e) when (e is RelayException or OperationCanceledException)
                {
                    c?.MarkBroken();
                }
                finally
                {
                    if (c is null)
                    {
                        _slots.Release();
                    }
                    else
                    {
                        await ReturnAsync(c); // releases the slot; drops the connection when broken
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
