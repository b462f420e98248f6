using Escale.Fuse;
using Escale.Vfs;
using Escale.Vfs.Mirror;

// usage: MountBench MIRROR MOUNTPOINT [--writeback]
// Serves MIRROR on MOUNTPOINT with a relay that offers nothing, until SIGINT/SIGTERM.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MountBench MIRROR MOUNTPOINT [--writeback]");
    return 2;
}

var reason = FuseHost.Availability();
if (reason is not null)
{
    Console.Error.WriteLine(reason);
    return 1;
}

using var folder = new MirrorFolder(args[0], NoRelayOffers.Instance, NoRelayOffers.Instance);
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
