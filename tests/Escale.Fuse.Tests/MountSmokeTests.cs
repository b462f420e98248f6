namespace Escale.Fuse.Tests;

public sealed class MountSmokeTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Mounts_serves_the_mirror_and_unmounts()
    {
        Prerequisites.Fuse();

        string mountPoint;
        using (var m = new MountFixture())
        {
            mountPoint = m.MountPoint;
            File.WriteAllText(Path.Combine(m.Mirror, "hello.txt"), "hello");
            Assert.Equal("hello", File.ReadAllText(Path.Combine(m.MountPoint, "hello.txt")));
            File.WriteAllText(Path.Combine(m.MountPoint, "new.txt"), "through the mount");
            Assert.Equal("through the mount", File.ReadAllText(Path.Combine(m.Mirror, "new.txt")));
            Assert.Contains("fuse.escale", Tools.Run("sh", "-c", "grep " + m.MountPoint + " /proc/self/mountinfo").Stdout);
            output.WriteLine(m.Host!.Negotiated);
        }

        Assert.False(MountPoints.IsMounted(mountPoint));
    }
}
