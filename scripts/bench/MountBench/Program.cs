using Escale.Fuse;
using Escale.Vfs;
using Escale.Vfs.Mirror;
using Escale.WebDavServer;

// usage: MountBench MIRROR MOUNTPOINT [--writeback]
//        MountBench MIRROR --webdav [PORT]
// Serves MIRROR (with a relay that offers nothing) on MOUNTPOINT through FUSE, or through our
// WebDAV front-end on 127.0.0.1 (PORT 0 or absent: a free one), until SIGINT/SIGTERM.
const string Usage = "usage: MountBench MIRROR MOUNTPOINT [--writeback] | MountBench MIRROR --webdav [PORT]";
if (args.Length < 2)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

using var folder = new MirrorFolder(args[0], NoRelayOffers.Instance, NoRelayOffers.Instance);
if (args[1] == "--webdav")
{
    var port = 0;
    if (args.Length > 2 && (!int.TryParse(args[2], out port) || port is < 0 or > 65535))
    {
        Console.Error.WriteLine($"not a port: {args[2]}");
        return 2;
    }

    return await ServeWebDavAsync(folder, port);
}

var reason = FuseHost.Availability();
if (reason is not null)
{
    Console.Error.WriteLine(reason);
    return 1;
}

try
{
    using var host = FuseHost.Mount(folder, args[1], new FuseMountOptions { HandleSignals = true, WritebackCache = args.Contains("--writeback") });
    Console.WriteLine($"mounted {host.MountPoint} (writeback cache {host.WritebackCache})");
    return await host.Completion == 0 ? 0 : 1;
}
catch (MountException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

// The script reads the first line (URL with the secret as password, as a benchmark on loopback may).
static async Task<int> ServeWebDavAsync(IVirtualFolder folder, int port)
{
    WebDavFrontEnd server;
    try
    {
        server = await WebDavFrontEnd.StartAsync(folder, new WebDavServerOptions { Port = port, Secret = MountSecret.Create() });
    }
    catch (WebDavFrontEndException e)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }

    var stop = new TaskCompletionSource();
    using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
    Console.WriteLine($"webdav {server.Url} {WebDavServerOptions.UserName} {server.Secret}");
    await stop.Task;
    await server.DisposeAsync();
    return 0;
}
