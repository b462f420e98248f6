using Escale.Fuse;
using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>
/// escale-mount --webdav as a user runs it: the real executable serves the WebDAV front-end and
/// mounts it with davfs2, next to a plain node on the same local relay; files cross both ways and
/// offered files are fetched on open. Needs root, FUSE and davfs2 (scripts/setup/webdav-frontend.sh).
/// </summary>
public sealed class WebDavMountTests : IDisposable
{
    private readonly TempDir _dir = new("davmount");
    private readonly string _mount;
    private readonly string _mirror;
    private readonly string _plain;
    private readonly string _confA;
    private readonly string _confB;
    private CliProcess? _agent;

    public WebDavMountTests()
    {
        var relay = _dir.Sub("relay");
        _mount = _dir.Sub("mnt");
        _mirror = _dir.Sub("mirror");
        _plain = _dir.Sub("plain");
        _confA = Write("a.conf", $"local path = {_mirror}\nrelay dir = {relay}\nclient = davA\ncache dir = {_dir.Path}/cache-a\nwriteback delay = 1\nrefresh = 2\nfetch timeout = 30");
        _confB = Write("b.conf", $"local path = {_plain}\nrelay dir = {relay}\nclient = plainB\ncache dir = {_dir.Path}/cache-b\nsettle time = 0");
    }

    public void Dispose()
    {
        _agent?.Dispose();
        if (FuseHost.IsMounted(_mount))
        {
            System.Diagnostics.Process.Start("umount", ["-l", _mount])?.WaitForExit(20_000);
        }

        _dir.Dispose();
    }

    [SkippableFact]
    public async Task Files_cross_between_a_davfs2_mount_and_a_plain_node()
    {
        Prerequisite.Require(FuseHost.Availability() ?? (File.Exists("/sbin/mount.davfs") || File.Exists("/usr/sbin/mount.davfs") ? null : "davfs2 is not installed (scripts/setup/webdav-frontend.sh)"));

        File.WriteAllText(Path.Combine(_plain, "from-b.txt"), "written by the plain node");
        File.SetLastWriteTimeUtc(Path.Combine(_plain, "from-b.txt"), DateTime.UtcNow.AddMinutes(-1));
        Assert.Equal(0, (await CliProcess.RunAsync("escale", ["-c", _confB, "--once"])).Code);

        _agent = CliProcess.Start("escale-mount", ["-c", _confA, "--webdav", _mount]);
        await Until(() => _agent.Output.Contains("mounted [", StringComparison.Ordinal) || _agent.HasExited, "the mount to start", 90);
        Assert.False(_agent.HasExited, _agent.Output);
        Assert.Contains("through WebDAV (http://127.0.0.1:", _agent.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("password", _agent.Output, StringComparison.OrdinalIgnoreCase);

        // B's file is offered (listed with its size, not yet in A's mirror), fetched when opened
        var offered = Path.Combine(_mount, "from-b.txt");
        await Until(() => File.Exists(offered), "the offer to appear in the mount");
        Assert.Equal("written by the plain node".Length, new FileInfo(offered).Length);
        Assert.Equal("written by the plain node", File.ReadAllText(offered));
        Assert.Equal("written by the plain node", File.ReadAllText(Path.Combine(_mirror, "from-b.txt")));

        // A writes through the mount: davfs2 uploads on close, the front-end queues it, A pushes, B pulls
        File.WriteAllText(Path.Combine(_mount, "from-a.txt"), "written through WebDAV");
        Directory.CreateDirectory(Path.Combine(_mount, "sub"));
        File.WriteAllBytes(Path.Combine(_mount, "sub", "bin.dat"), Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray());
        await Until(() => File.Exists(Path.Combine(_mirror, "sub", "bin.dat")) && new FileInfo(Path.Combine(_mirror, "sub", "bin.dat")).Length == 200_000, "davfs2 to upload");
        await Until(() =>
        {
            CliProcess.RunAsync("escale", ["-c", _confB, "--once"]).GetAwaiter().GetResult();
            return File.Exists(Path.Combine(_plain, "sub", "bin.dat"));
        }, "the plain node to pull A's files", 90);
        Assert.Equal("written through WebDAV", File.ReadAllText(Path.Combine(_plain, "from-a.txt")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_mirror, "sub", "bin.dat")), File.ReadAllBytes(Path.Combine(_plain, "sub", "bin.dat")));

        // stop: unmount, drain, release locks, exit cleanly
        _ = Posix.kill(_agent.Id, Posix.SIGTERM);
        Assert.Equal(0, await _agent.WaitAsync(TimeSpan.FromSeconds(120)));
        Assert.Contains("unmounted", _agent.Output, StringComparison.Ordinal);
        Assert.False(FuseHost.IsMounted(_mount));
    }

    private static async Task Until(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(300);
        }
    }

    private string Write(string name, string body)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, "[docs]\nprotocol = file\n" + body + "\n");
        return path;
    }
}
