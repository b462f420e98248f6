namespace Escale.Testing.Delivery;

/// <summary>A real relay for <see cref="DeliveryScenarios"/>: a local folder, an FTP or a WebDAV server on loopback.</summary>
public interface IDeliveryRelay
{
    /// <summary>The configuration lines (protocol, address, credentials, relay dir) for relay folder <paramref name="relayDir"/> (a simple name).</summary>
    string Options(string relayDir);

    /// <summary>The folder on this machine that the relay folder is (every server here serves a local folder).</summary>
    string DiskPath(string relayDir);

    /// <summary>Whether the relay can be taken down and brought back (a server can; a local folder cannot be "unreachable").</summary>
    bool CanStop { get; }

    Task StopAsync();

    Task StartAsync();
}
