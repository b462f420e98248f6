using Escale.Fuse;
using Escale.Vfs;
using Microsoft.Extensions.Logging;

namespace Escale.Agent.Mount;

/// <summary>The virtual folder through libfuse3 on a directory.</summary>
public sealed class FuseFrontEnd : IMountFrontEnd
{
    private readonly FuseHost _host;

    private FuseFrontEnd(FuseHost host) => _host = host;

    public string Describe(string repository) => $"mounted [{repository}] on {_host.MountPoint}";

    public string Location => _host.MountPoint;

    public Task Completion => _host.Completion;

    /// <summary>Null when FUSE can mount here, else why not (one line).</summary>
    public static string? Unavailable() => FuseHost.Availability();

    /// <exception cref="MountException">When the mount cannot be made (one line).</exception>
    public static FuseFrontEnd Mount(IVirtualFolder folder, string mountPoint, ILogger logger) =>
        new(FuseHost.Mount(folder, mountPoint, new FuseMountOptions { HandleSignals = false }, logger));

    public Task StopAsync()
    {
        _host.Unmount();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _host.Dispose();
        return ValueTask.CompletedTask;
    }
}
