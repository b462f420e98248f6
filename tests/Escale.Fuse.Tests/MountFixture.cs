using Escale.Testing;
using Escale.Vfs.Mirror;

namespace Escale.Fuse.Tests;

/// <summary>
/// A real mount of a <see cref="MirrorFolder"/> over a temp folder, served by this test process.
/// Dispose unmounts; auto_unmount plus a lazy fusermount3 make sure no failing test leaves a dead
/// mount behind.
/// </summary>
public class MountFixture : IDisposable
{
    private readonly TempDir _dir = new("escale-fuse");

    public MountFixture()
        : this(new FuseMountOptions())
    {
    }

    protected MountFixture(FuseMountOptions options)
    {
        Mirror = _dir.Sub("mirror");
        MountPoint = _dir.Sub("mnt");
        Relay = new FakeRelay(Mirror);
        Available = FuseHost.Availability() is null;
        if (!Available)
        {
            return;
        }

        Folder = new MirrorFolder(Mirror, Relay, Relay, new MirrorFolderOptions { FetchTimeout = TimeSpan.FromSeconds(8) });
        Host = FuseHost.Mount(Folder, MountPoint, options);
    }

    public bool Available { get; }

    public string Mirror { get; }

    public string MountPoint { get; }

    internal FakeRelay Relay { get; }

    internal MirrorFolder? Folder { get; }

    public FuseHost? Host { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        try
        {
            Host?.Dispose();
        }
        finally
        {
            if (MountPoints.IsMounted(MountPoint))
            {
                Tools.Run("fusermount3", "-u", "-z", MountPoint);
            }

            Folder?.Dispose();
            _dir.Dispose();
        }
    }
}
