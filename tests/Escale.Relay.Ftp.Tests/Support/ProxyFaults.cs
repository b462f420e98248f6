using Escale.Testing;

namespace Escale.Relay.Ftp.Tests.Support;

/// <summary>
/// Works around a bug in <see cref="TcpFaultProxy.CutAll"/> (reported to the lead): it enumerates its
/// connection list while each abort removes from it, so it throws after the first cut. Calling it again
/// cuts the next one; this loops until every connection is cut.
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
        await proxy.DisposeAsync();
    }
}
