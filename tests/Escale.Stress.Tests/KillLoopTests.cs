using Escale.Testing;
using Xunit.Abstractions;

namespace Escale.Stress.Tests;

/// <summary>
/// The CI stress tier, kill -9 part: at least 20 kills per relay kind (local folder, pure-ftpd, Apache
/// mod_dav) with files rewritten meanwhile. <c>scripts/stress --minutes N</c> runs the same for longer
/// (ESCALE_STRESS_MINUTES). One collection: the tier runs its parts one after the other.
/// </summary>
[Collection("stress")]
public sealed class KillLoopTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new("stress");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Local_relay_survives_kill_minus_9_loops()
    {
        var relay = _dir.Sub("relay");
        var loop = new KillLoop("local", _dir.Sub("nodes"), $"protocol = file\nrelay path = {relay}", () => Directory.GetFiles(relay, "*", SearchOption.AllDirectories));
        var figures = await loop.RunAsync(20, StressFigures.Budget(TimeSpan.Zero), new Random(11));
        figures.Report(output.WriteLine);
    }

    /// <summary>A 20 MiB tmpfs relay with a 15 MB quota, smaller than the data (about 40 MB moved).</summary>
    [SkippableFact]
    public async Task Small_tmpfs_relay_with_a_quota_smaller_than_the_data_loses_nothing()
    {
        var relay = _dir.Sub("tmpfs");
        var mount = await Shell.RunAsync("mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", relay);
        Prerequisite.Require(mount == 0 ? null : "mount -t tmpfs needs root");
        try
        {
            var loop = new KillLoop("local tmpfs 20 MiB, quota 15 MB", _dir.Sub("nodes"), $"protocol = file\nrelay path = {relay}\ndisk quota = 15", () => Directory.GetFiles(relay, "*", SearchOption.AllDirectories));
            var figures = await loop.RunAsync(20, StressFigures.Budget(TimeSpan.Zero), new Random(14));
            figures.Report(output.WriteLine);
        }
        finally
        {
            await Shell.RunAsync("umount", "-l", relay);
        }
    }

    [SkippableFact]
    public async Task Ftp_relay_survives_kill_minus_9_loops()
    {
        var (root, stop) = await LoopbackServers.StartFtpAsync(_dir.Sub("ftp"));
        try
        {
            var relay = Path.Combine(root, "stress");
            Directory.CreateDirectory(relay); // agents never create a relay folder (escalectl init does)
            File.SetUnixFileMode(relay, (UnixFileMode)0b111_111_111);
            var lines = "protocol = ftp\nhost address = 127.0.0.1\nport = 24510\nuser = escaleftp\npassword = escale-ftp-test\nrelay dir = /stress\ntimeout = 10";
            var loop = new KillLoop("ftp (pure-ftpd)", _dir.Sub("nodes"), lines, () => Directory.Exists(relay) ? Directory.GetFiles(relay, "*", SearchOption.AllDirectories) : []);
            var figures = await loop.RunAsync(20, StressFigures.Budget(TimeSpan.Zero), new Random(12));
            figures.Report(output.WriteLine);
        }
        finally
        {
            await stop();
        }
    }

    [SkippableFact]
    public async Task Apache_webdav_relay_survives_kill_minus_9_loops()
    {
        var (url, data, stop) = await LoopbackServers.StartApacheAsync(_dir.Sub("apache"));
        try
        {
            var relay = Path.Combine(data, "stress");
            Directory.CreateDirectory(relay); // agents never create a relay folder (escalectl init does)
            File.SetUnixFileMode(relay, (UnixFileMode)0b111_111_111);
            var lines = $"protocol = webdav\nhost address = {url}\nuser = escale\npassword = escale-secret\nrelay dir = stress\ntimeout = 10";
            var loop = new KillLoop("webdav (apache)", _dir.Sub("nodes"), lines, () => Directory.Exists(relay) ? Directory.GetFiles(relay, "*", SearchOption.AllDirectories) : []);
            var figures = await loop.RunAsync(20, StressFigures.Budget(TimeSpan.Zero), new Random(13));
            figures.Report(output.WriteLine);
        }
        finally
        {
            await stop();
        }
    }
}

[CollectionDefinition("stress", DisableParallelization = true)]
public sealed class StressCollection;
