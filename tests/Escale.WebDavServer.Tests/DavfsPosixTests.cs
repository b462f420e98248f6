using Escale.Fuse.Tests;
using Escale.Testing;

namespace Escale.WebDavServer.Tests;

/// <summary>
/// The FUSE mount's POSIX checks, through davfs2 on the WebDAV front-end. What WebDAV cannot carry
/// (listed in native-notes/webdav-frontend.md) shows up here as the differences to the FUSE mount.
/// </summary>
public sealed class PosixBehaviourOnDavfs(DavfsFixture mount) : PosixBehaviour, IClassFixture<DavfsFixture>
{
    protected override string Root
    {
        get
        {
            Prerequisite.Require(mount.Missing);
            return mount.MountPoint;
        }
    }

    protected override bool IsMount => true;

    /// <summary>davfs2 refuses symlink(2) itself with ENOSYS before any request (the FUSE mount: EPERM).</summary>
    protected override string SymbolicLinkRefusal => "Function not implemented";
}
