using System.Diagnostics;
using Escale.Testing;
using Escale.Vfs;
using Escale.Vfs.Mirror;

namespace Escale.Fuse.Tests;

/// <summary>Mount points: refused when missing or not empty, a crashed server's mount cleaned, signals.</summary>
public sealed class MountLifecycleTests
{
    [SkippableFact]
    public void A_missing_or_non_empty_mount_point_is_one_clear_error()
    {
        Prerequisites.Fuse();
        using var dir = new TempDir("escale-mp");
        using var folder = new MirrorFolder(dir.Sub("mirror"), NoRelayOffers.Instance, NoRelayOffers.Instance);

        var missing = Assert.Throws<MountException>(() => FuseHost.Mount(folder, Path.Combine(dir.Path, "nope")));
        Assert.Contains("does not exist", missing.Message);

        var full = dir.Sub("full");
        File.WriteAllText(Path.Combine(full, "x"), "x");
        var nonEmpty = Assert.Throws<MountException>(() => FuseHost.Mount(folder, full));
        Assert.Contains("is not empty", nonEmpty.Message);
        Assert.DoesNotContain('\n', nonEmpty.Message);
    }

    [SkippableFact]
    public void A_stale_mount_of_a_killed_server_is_cleaned_at_start()
    {
        Prerequisites.Fuse();
        Prerequisites.Tool("gcc");
        using var dir = new TempDir("escale-stale");
        var exe = Path.Combine(dir.Path, "stale");
        var cc = Tools.Run("gcc", "-I/usr/include/fuse3", "-o", exe, Path.Combine(AppContext.BaseDirectory, "stale.c"), "-lfuse3");
        Assert.True(cc.ExitCode == 0, cc.ToString());
        var mp = dir.Sub("mnt");
        using (var server = Process.Start(exe, ["-f", mp])!)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!MountPoints.IsMounted(mp) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            Assert.True(MountPoints.IsMounted(mp), "the helper server did not mount");
            server.Kill();
            server.WaitForExit();
        }

        try
        {
            Assert.Contains("not connected", Tools.Run("ls", mp).Stderr);
            using var folder = new MirrorFolder(dir.Sub("mirror"), NoRelayOffers.Instance, NoRelayOffers.Instance);
            File.WriteAllText(Path.Combine(folder.LocalPath, "ok.txt"), "ok");
            using var host = FuseHost.Mount(folder, mp);
            Assert.Equal("ok", File.ReadAllText(Path.Combine(mp, "ok.txt")));
        }
        finally
        {
            Tools.Run("fusermount3", "-u", "-z", mp);
        }
    }

    [SkippableFact]
    public void Unmount_completes_the_host_and_frees_the_mount_point()
    {
        Prerequisites.Fuse();
        using var dir = new TempDir("escale-unmount");
        using var folder = new MirrorFolder(dir.Sub("mirror"), NoRelayOffers.Instance, NoRelayOffers.Instance);
        var mp = dir.Sub("mnt");
        var host = FuseHost.Mount(folder, mp);
        Assert.True(MountPoints.IsMounted(mp));
        host.Unmount();
        Assert.True(host.Completion.IsCompleted);
        Assert.False(MountPoints.IsMounted(mp));
        host.Dispose(); // idempotent

        using var again = FuseHost.Mount(folder, mp); // the same point can be mounted again
        Assert.True(MountPoints.IsMounted(mp));
    }
}
