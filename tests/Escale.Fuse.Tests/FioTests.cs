namespace Escale.Fuse.Tests;

/// <summary>fio with verify through the mount: sequential and random writes read back and checked.</summary>
public sealed class FioTests(MountFixture mount, ITestOutputHelper output) : IClassFixture<MountFixture>
{
    [SkippableTheory]
    [InlineData("sequential", "write", "1M-1M", "256M")]
    [InlineData("random", "randwrite", "4k-64k", "128M")]
    public void Fio_verify_finds_no_errors(string name, string rw, string bs, string size)
    {
        Prerequisites.Fuse();
        Prerequisites.Tool("fio");
        var dir = Path.Combine(mount.MountPoint, "fio-" + name);
        Directory.CreateDirectory(dir);
        var started = DateTime.UtcNow;
        var fio = Tools.Run(TimeSpan.FromSeconds(120), "fio",
            "--name=" + name, "--directory=" + dir, "--rw=" + rw, "--bsrange=" + bs, "--size=" + size,
            "--ioengine=psync", "--verify=crc32c", "--do_verify=1", "--verify_fatal=1", "--end_fsync=1",
            "--randrepeat=0", "--group_reporting", "--output-format=terse", "--terse-version=3");
        output.WriteLine($"{name}: {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        output.WriteLine(fio.Stderr);
        Assert.True(fio.ExitCode == 0, fio.ToString());

        // terse v3: field 5 is the error count of the job
        var fields = fio.Stdout.Trim().Split(';');
        Assert.Equal("0", fields[4]);
    }
}
