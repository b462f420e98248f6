using Escale.Testing;

namespace Escale.Relay.Ftp.Tests.Support;

/// <summary>
/// Works around a bug in <see cref="TcpFaultProxy.CutAll"/> (reported to the lead): it enumerates its
/// connection list while each abort removes from it, so it throws after the first cut. Calling it again
/// cuts the next one; this loops until every connection is cut. Its accept loop can also fault with
/// InvalidOperationException when a connection is cut between accept and Pipe.Start (GetStream on a
/// closed socket), which DisposeAsync then rethrows: harmless at cleanup, so it is swallowed there.
/// </summary>
public static class ProxyFaults
{
    public static void CutEverything(this TcpFaultProxy proxy)
    {
        for (var i = 0; i < 1000; i++)
        {
            try
            {
                proxy.CutAll();
                return;
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    public static async Task DisposeSafelyAsync(this TcpFaultProxy proxy)
    {
        proxy.CutEverything();
        try
        {
            await proxy.DisposeAsync();
        }
        catch (InvalidOperationException)
        {
        }
    }
}
