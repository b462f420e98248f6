using Escale.Testing;

namespace Escale.Relay.WebDav.Tests;

/// <summary>
/// Owns a <see cref="TcpFaultProxy"/> and disposes it safely: its CutAll() removes pipes from the list it
/// is enumerating (InvalidOperationException when two or more connections are open), so pipes are cut
/// one call at a time until none is left. Reported to the lead; remove once TcpFaultProxy is fixed.
/// </summary>
internal sealed class ProxyScope(int targetPort) : IAsyncDisposable
{
    public TcpFaultProxy Proxy { get; } = new(targetPort);

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < 10_000; i++)
        {
            try
            {
                Proxy.CutAll();
                break;
            }
            catch (InvalidOperationException)
            {
            }
        }

        await Proxy.DisposeAsync();
    }
}
