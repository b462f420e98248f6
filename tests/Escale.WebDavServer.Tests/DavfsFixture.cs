using Escale.Agent.Mount;
using Escale.Fuse;
using Escale.Testing;
using Escale.Testing.Vfs;
using Escale.Vfs.Mirror;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.WebDavServer.Tests;

/// <summary>The front-end over a temp mirror, mounted with davfs2 exactly as escale-mount --webdav does it.</summary>
public sealed class DavfsFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new("escale-davfs");
    private MirrorFolder? _folder;

    public string Mirror => Path.Combine(_dir.Path, "mirror");

    public string MountPoint => Path.Combine(_dir.Path, "mnt");

    /// <summary>Why the mount could not be made here, or null when it is up.</summary>
    public string? Missing { get; private set; }

    public WebDavMountFrontEnd? FrontEnd { get; private set; }

    public async Task InitializeAsync()
    {
        var davfs = Tools.Which("mount.davfs") is not null || File.Exists("/usr/sbin/mount.davfs") || File.Exists("/sbin/mount.davfs");
        Missing = FuseHost.Availability() ?? (davfs ? null : "davfs2 is not installed (scripts/setup/webdav-frontend.sh installs it)");
        if (Missing is not null)
        {
            return;
        }

        Directory.CreateDirectory(Mirror);
        var relay = new FakeRelay(Mirror);
        _folder = new MirrorFolder(Mirror, relay, relay, new MirrorFolderOptions { FetchTimeout = TimeSpan.FromSeconds(8) });
        FrontEnd = await WebDavMountFrontEnd.StartAsync(_folder, new MountTarget(true, WebDavClient.Davfs, MountPoint),
            new WebDavServerOptions { Secret = MountSecret.Create() }, _dir.Sub("private"), NullLogger.Instance, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (FrontEnd is not null)
        {
            await FrontEnd.DisposeAsync();
        }

        _folder?.Dispose();
        _dir.Dispose();
    }
}
