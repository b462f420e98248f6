using Escale.Testing;

namespace Escale.Fuse.Tests;

/// <summary>The POSIX checks on the mount (MirrorFolder over a temp folder, fake relay).</summary>
public sealed class PosixBehaviourOnMount(MountFixture mount) : PosixBehaviour, IClassFixture<MountFixture>
{
    protected override string Root => mount.Available ? mount.MountPoint : Skip();

    protected override bool IsMount => true;

    private static string Skip()
    {
        Prerequisites.Fuse();
        throw new InvalidOperationException("the mount fixture failed although FUSE is available: " + FuseHost.Availability());
    }
}

/// <summary>The same checks on a plain folder: the control.</summary>
public sealed class PosixBehaviourOnPlainDirectory : PosixBehaviour, IDisposable
{
    private readonly TempDir _dir = new("escale-control");

    protected override string Root => _dir.Path;

    public void Dispose() => _dir.Dispose();
}
