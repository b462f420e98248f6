namespace Escale.Fuse.Tests;

/// <summary>
/// The kernel caches of the mount against files changed behind it (a pull installs a new version
/// in the mirror and announces it), with and without the writeback cache.
/// </summary>
public abstract class CacheTests(MountFixture mount, ITestOutputHelper output)
{
    protected MountFixture Mount => mount;

    protected ITestOutputHelper Output => output;

    [SkippableFact]
    public void Small_writes_arrive_intact()
    {
        Prerequisites.Fuse();
        var p = Path.Combine(mount.MountPoint, "small-writes.bin");
        var expected = new byte[4096 * 256];
        Random.Shared.NextBytes(expected);
        using (var fs = new FileStream(p, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            for (var i = 0; i < expected.Length; i += 4096)
            {
                fs.Write(expected, i, 4096);
            }
        }

        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(mount.Mirror, "small-writes.bin")));
    }

    /// <summary>Replaces a file behind the mount after the kernel cached it; returns what a reader then sees.</summary>
    protected string ChangeBehindAndRead(string name)
    {
        Output.WriteLine($"writeback cache: {Mount.Host!.WritebackCache}; {Mount.Host.Negotiated}");
        var behind = Path.Combine(Mount.Mirror, name);
        var through = Path.Combine(Mount.MountPoint, name);
        File.WriteAllText(behind, "version 1");
        Assert.Equal("version 1", File.ReadAllText(through)); // the kernel now caches size and pages

        File.WriteAllText(behind + ".tmp", "version 2, which is longer");
        File.Move(behind + ".tmp", behind, overwrite: true);
        Mount.Relay.RaiseChanged(name);

        var deadline = DateTime.UtcNow.AddSeconds(3);
        string seen;
        do
        {
            Thread.Sleep(50);
            seen = File.ReadAllText(through);
        }
        while (seen != "version 2, which is longer" && DateTime.UtcNow < deadline);

        return seen;
    }
}

public sealed class CacheTestsWithoutWritebackCache(MountFixture mount, ITestOutputHelper output)
    : CacheTests(mount, output), IClassFixture<MountFixture>
{
    [SkippableFact]
    public void A_file_changed_behind_the_mount_is_seen_after_the_change_is_announced()
    {
        Prerequisites.Fuse();
        Assert.Equal("version 2, which is longer", ChangeBehindAndRead("pulled.txt"));
        Assert.Equal(26, new FileInfo(Path.Combine(Mount.MountPoint, "pulled.txt")).Length);
    }
}

public sealed class CacheTestsWithWritebackCache(WritebackMountFixture mount, ITestOutputHelper output)
    : CacheTests(mount, output), IClassFixture<WritebackMountFixture>
{
    /// <summary>
    /// Observation, not a requirement: with the writeback cache the kernel keeps its own i_size
    /// for a cached regular file and ignores the size getattr reports, even after
    /// fuse_invalidate_path. This is why the writeback cache is off by default.
    /// </summary>
    [SkippableFact]
    public void Observe_whether_the_kernel_trusts_its_own_size_with_the_writeback_cache()
    {
        Prerequisites.Fuse();
        Assert.True(Mount.Host!.WritebackCache);
        Output.WriteLine("a reader saw: " + ChangeBehindAndRead("pulled.txt"));
    }
}

public sealed class WritebackMountFixture() : MountFixture(new FuseMountOptions { WritebackCache = true });
