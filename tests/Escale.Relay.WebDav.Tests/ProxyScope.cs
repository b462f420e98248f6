using Escale.Testing;

namespace Escale.Relay.WebDav.Tests;

/// <summary>Owns a <see cref="TcpFaultProxy"/> for one test: cuts what is still open, then disposes it.</summary>
internal sealed class ProxyScope(int targetPort) : IAsyncDisposable
{
    public TcpFaultProxy Proxy { get; } = new(targetPort);

    public async ValueTask DisposeAsync()
    {
        Proxy.CutAll();
        await Proxy.DisposeAsync();
    }
}
