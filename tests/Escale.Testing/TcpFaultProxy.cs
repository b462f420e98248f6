using System.Net;
using System.Net.Sockets;

namespace Escale.Testing;

/// <summary>
/// A loopback TCP proxy in front of a real server that can cut or stall connections on demand,
/// for the faults a real server cannot produce when asked: a connection reset mid-transfer, a
/// peer that stops answering. Every accepted connection is relayed to the target; a control
/// connection and a data connection are just two connections here (tests tell them apart by order
/// or by <see cref="ConnectionFilter"/>).
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Pipe> _pipes = [];
    private readonly object _gate = new();
    private readonly Task _acceptLoop;
    private int _accepted;

    public TcpFaultProxy(int targetPort, string targetHost = "127.0.0.1")
    {
        _target = new IPEndPoint(IPAddress.Parse(targetHost), targetPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Which connections the byte limits apply to (index in accept order); all when null.</summary>
    public Func<int, bool>? ConnectionFilter { get; set; }

    /// <summary>Cut a connection once this many bytes went from server to client (null = never).</summary>
    public long? CutAfterDownstreamBytes { get; set; }

    /// <summary>Cut a connection once this many bytes went from client to server (null = never).</summary>
    public long? CutAfterUpstreamBytes { get; set; }

    /// <summary>Stop forwarding (but keep the sockets open) once this many bytes went downstream.</summary>
    public long? StallAfterDownstreamBytes { get; set; }

    /// <summary>Stop forwarding upstream after this many bytes (the server never hears the rest).</summary>
    public long? StallAfterUpstreamBytes { get; set; }

    /// <summary>How many connections were cut or stalled by the limits.</summary>
    public int Faults => Volatile.Read(ref _faults);

    private int _faults;

    /// <summary>Resets every open connection now.</summary>
    public void CutAll()
    {
        List<Pipe> pipes;
        lock (_gate)
        {
            pipes = [.. _pipes];
            _pipes.Clear();
        }

        // Abort outside the lock: it removes the pipe from the list it came from.
        foreach (var p in pipes)
        {
            p.Abort();
        }
    }

    /// <summary>Clears all fault settings so later connections pass untouched.</summary>
    public void Heal()
    {
        CutAfterDownstreamBytes = CutAfterUpstreamBytes = StallAfterDownstreamBytes = StallAfterUpstreamBytes = null;
        ConnectionFilter = null;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        CutAll();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var index = Interlocked.Increment(ref _accepted) - 1;
            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            var faulty = ConnectionFilter?.Invoke(index) ?? true;
            var pipe = new Pipe(this, client, server, faulty);
            lock (_gate)
            {
                _pipes.Add(pipe);
            }

            try
            {
                pipe.Start();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or SocketException)
            {
                pipe.Abort(); // cut before it started: nothing to relay, and never the accept loop's problem
            }
        }
    }

    private void Fault() => Interlocked.Increment(ref _faults);

    private void Remove(Pipe pipe)
    {
        lock (_gate)
        {
            _pipes.Remove(pipe);
        }
    }

    private sealed class Pipe(TcpFaultProxy owner, TcpClient client, TcpClient server, bool faulty)
    {
        private int _closed;

        public void Start()
        {
            _ = PumpAsync(client.GetStream(), server.GetStream(), upstream: true);
            _ = PumpAsync(server.GetStream(), client.GetStream(), upstream: false);
        }

        public void Abort()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 1)
            {
                return;
            }

            foreach (var c in new[] { client, server })
            {
                try
                {
                    c.Client.LingerState = new LingerOption(true, 0); // RST, like a cut cable
                    c.Dispose();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                }
            }

            owner.Remove(this);
        }

        private async Task PumpAsync(NetworkStream from, NetworkStream to, bool upstream)
        {
            var buffer = new byte[16 * 1024];
            long total = 0;
            try
            {
                while (true)
                {
                    var n = await from.ReadAsync(buffer);
                    if (n == 0)
                    {
                        break;
                    }

                    var cut = faulty ? (upstream ? owner.CutAfterUpstreamBytes : owner.CutAfterDownstreamBytes) : null;
                    var stall = faulty ? (upstream ? owner.StallAfterUpstreamBytes : owner.StallAfterDownstreamBytes) : null;
                    var limit = Math.Min(cut ?? long.MaxValue, stall ?? long.MaxValue);
                    if (total + n > limit)
                    {
                        var allowed = (int)Math.Max(0, limit - total);
                        await to.WriteAsync(buffer.AsMemory(0, allowed));
                        owner.Fault();
                        if (cut is not null && limit == cut)
                        {
                            Abort();
                            return;
                        }

                        // stall: keep reading nothing further, hold the sockets open until disposed
                        await Task.Delay(Timeout.Infinite, owner._stop.Token);
                        return;
                    }

                    total += n;
                    await to.WriteAsync(buffer.AsMemory(0, n));
                }

                // orderly half-close: pass the FIN along
                to.Socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                Abort();
            }
        }
    }
}
