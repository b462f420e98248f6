using System.Net;
using System.Net.Sockets;
using Escale.Testing;

namespace Escale.Service.Tests;

/// <summary>
/// A scratch folder that also stands in for HOME's XDG folders, so that nothing a test runs reads or
/// writes the real ~/.config, ~/.cache or systemd user units.
/// </summary>
public sealed class Sandbox : IDisposable
{
    private readonly TempDir _dir = new("svc");

    public string Root => _dir.Path;

    public string Sub(string name) => _dir.Sub(name);

    public string File(string name) => Path.Combine(_dir.Path, name);

    public Dictionary<string, string> Env(string node = "") => new()
    {
        ["XDG_CONFIG_HOME"] = Path.Combine(_dir.Path, "xdg-config" + node),
        ["XDG_CACHE_HOME"] = Path.Combine(_dir.Path, "xdg-cache" + node),
        ["XDG_DATA_HOME"] = Path.Combine(_dir.Path, "xdg-data" + node),
    };

    /// <summary>A loopback port nothing listens on (bound then released: connections are refused).</summary>
    public static int ClosedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose() => _dir.Dispose();
}
