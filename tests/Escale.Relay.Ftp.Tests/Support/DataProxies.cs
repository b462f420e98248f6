using System.Net;
using Escale.Testing;

namespace Escale.Relay.Ftp.Tests.Support;

/// <summary>
/// Puts a <see cref="TcpFaultProxy"/> in front of every passive data connection: the client's data
/// endpoint map sends it to a fresh proxy aimed at the port the server announced. Faults then hit the
/// real server's data connection exactly like a broken network path would.
/// </summary>
public sealed class DataProxies : IAsyncDisposable
{
    private readonly List<TcpFaultProxy> _proxies = [];
    private readonly Lock _gate = new();
    private int _index;

    /// <summary>Called for each new data connection with its proxy and its number since the last <see cref="Arm"/>.</summary>
    private Action<TcpFaultProxy, int>? _configure;

    public void Arm(Action<TcpFaultProxy, int>? configure)
    {
        lock (_gate)
        {
            _configure = configure;
            _index = 0;
        }
    }

    public IPEndPoint Map(IPEndPoint announced)
    {
        var proxy = new TcpFaultProxy(announced.Port, announced.Address.ToString());
        lock (_gate)
        {
            _configure?.Invoke(proxy, _index++);
            _proxies.Add(proxy);
        }

        return new IPEndPoint(IPAddress.Loopback, proxy.Port);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _proxies)
        {
            await p.DisposeSafelyAsync();
        }
    }
}
