using System.Diagnostics;
using System.Security.Cryptography;
using Escale.Fuse;
using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>
/// escale-mount as a user runs it: a real FUSE mount served by the real executable, next to a plain
/// node on the same local relay. Needs root and /dev/fuse (scripts/setup/fuse.sh); in CI a missing
/// prerequisite fails the test.
/// </summary>
public sealed class MountTests : IDisposable
{
    private readonly TempDir _dir = new("mount");
    private readonly string _relay;
    private readonly string _mount;
    private readonly string _mirror;
    private readonly string _plain;
    private readonly string _confA;
    private readonly string _confB;
    private CliProcess? _agent;

    public MountTests()
    {
        _relay = _dir.Sub("relay");
        _mount = _dir.Sub("mnt");
        _mirror = Path.Combine(_dir.Path, "mirror");
        _plain = _dir.Sub("plain");
        _confA = Write("a.conf", $"local path = {_mirror}\nclient = mountA\ncache dir = {_dir.Path}/cache-a\nwriteback delay = 1\nrefresh = 2\nfetch timeout = 30");
        _confB = Write("b.conf", $"local path = {_plain}\nclient = plainB\ncache dir = {_dir.Path}/cache-b\nsettle time = 0");
    }

    public void Dispose()
    {
        _agent?.Dispose();
        if (FuseHost.IsMounted(_mount))
        {
            FuseHost.Detach(_mount, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        }

        _dir.Dispose();
    }

    [SkippableFact]
    public async Task Files_cross_between_a_mount_and_a_plain_node_with_states()
    {
        Prerequisites();

        File.WriteAllText(Path.Combine(_plain, "from-b.txt"), "written by the plain node");
        File.SetLastWriteTimeUtc(Path.Combine(_plain, "from-b.txt"), DateTime.UtcNow.AddMinutes(-1));
        Assert.Equal(0, (await CliProcess.RunAsync("escale", ["-c", _confB, "--once"])).Code);

        await MountAsync();
        var offered = Path.Combine(_mount, "from-b.txt");
        await Until(() => File.Exists(offered), "the offer to appear in the mount");
        Assert.Equal("written by the plain node".Length, new FileInfo(offered).Length);
        Assert.Equal("offered", State(offered));
        Assert.Equal("written by the plain node", File.ReadAllText(offered));
        Assert.Equal("local", State(offered));
        Assert.True(File.Exists(Path.Combine(_mirror, "from-b.txt")));

        Directory.CreateDirectory(Path.Combine(_mount, "sub dir"));
        File.WriteAllText(Path.Combine(_mount, "sub dir", "from mount ✓.txt"), "written in the mount");
        var written = Path.Combine(_mount, "sub dir", "from mount ✓.txt");
        Assert.Contains(State(written), new[] { "queued", "pushing", "on relay (pulled by 0 of 1; waiting: plainB)" });
        await Until(() => State(written) == "on relay (pulled by 0 of 1; waiting: plainB)", "the push"); // plainB is a member: named

        Assert.Equal(0, (await CliProcess.RunAsync("escale", ["-c", _confB, "--once"])).Code);
        Assert.Equal("written in the mount", File.ReadAllText(Path.Combine(_plain, "sub dir", "from mount ✓.txt")));
        await Until(() => State(written) == "local", "the state to show delivery");

        var (code, output) = await CliProcess.RunAsync("escale-mount", ["-u", _mount]);
        Assert.True(code == 0, output);
        Assert.Equal(0, await _agent!.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(FuseHost.IsMounted(_mount));
    }

    [SkippableFact]
    public async Task Rm_and_mv_in_the_mount_reach_the_plain_node()
    {
        Prerequisites();
        foreach (var name in new[] { "doomed.txt", "draft.txt" })
        {
            File.WriteAllText(Path.Combine(_plain, name), "content of " + name);
            File.SetLastWriteTimeUtc(Path.Combine(_plain, name), DateTime.UtcNow.AddMinutes(-1));
        }

        Assert.Equal(0, (await CliProcess.RunAsync("escale", ["-c", _confB, "--once"])).Code);
        await MountAsync();
        await Until(() => File.Exists(Path.Combine(_mount, "draft.txt")), "the offers");
        Assert.Equal("content of doomed.txt", File.ReadAllText(Path.Combine(_mount, "doomed.txt"))); // fetched: A holds both
        Assert.Equal("content of draft.txt", File.ReadAllText(Path.Combine(_mount, "draft.txt")));
        await Until(() => !File.Exists(Path.Combine(_relay, "draft.txt")), "both deliveries to complete");

        File.Delete(Path.Combine(_mount, "doomed.txt"));
        Directory.CreateDirectory(Path.Combine(_mount, "final"));
        File.Move(Path.Combine(_mount, "draft.txt"), Path.Combine(_mount, "final", "report.txt"));
        await Until(() => Text(Path.Combine(_relay, ".doomed.txt.placeholder")).Contains("\ndeleted: ", StringComparison.Ordinal)
            && Text(Path.Combine(_relay, "final", ".report.txt.placeholder")).Contains("\nsource: draft.txt", StringComparison.Ordinal), "the tombstone and the rename on the relay");
        Assert.False(File.Exists(Path.Combine(_relay, "final", "report.txt")), "a rename uploads no content");

        var (code, output) = await CliProcess.RunAsync("escale", ["-c", _confB, "--once"]);
        Assert.True(code == 0, output);
        Assert.False(File.Exists(Path.Combine(_plain, "doomed.txt")));
        Assert.False(File.Exists(Path.Combine(_plain, "draft.txt")));
        Assert.Equal("content of draft.txt", File.ReadAllText(Path.Combine(_plain, "final", "report.txt")));
        Assert.Single(Directory.GetFiles(Path.Combine(_plain, ".escale-trash"), "doomed.txt", SearchOption.AllDirectories));
    }

    private static string Text(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    [SkippableFact]
    public async Task Kill_minus_9_during_writes_and_during_a_fetch_loses_nothing()
    {
        Prerequisites();

        var big = new byte[60_000_000];
        new Random(7).NextBytes(big);
        File.WriteAllBytes(Path.Combine(_plain, "big.bin"), big);
        File.SetLastWriteTimeUtc(Path.Combine(_plain, "big.bin"), DateTime.UtcNow.AddMinutes(-1));
        Assert.Equal(0, (await CliProcess.RunAsync("escale", ["-c", _confB, "--once"])).Code);

        // Writes closed inside the settle delay, then kill -9: the files are queued but not pushed.
        await MountAsync();
        for (var i = 0; i < 5; i++)
        {
            File.WriteAllText(Path.Combine(_mount, $"w{i}.txt"), $"write {i}");
        }

        _agent!.Kill();
        await Until(() => !FuseHost.IsMounted(_mount) || !CanList(_mount), "the mount to die");

        // A fetch interrupted by kill -9.
        await MountAsync();
        await Until(() => File.Exists(Path.Combine(_mount, "big.bin")), "the offer");
        var reader = Task.Run(() =>
        {
            try
            {
                return File.ReadAllBytes(Path.Combine(_mount, "big.bin")).Length;
            }
            catch (IOException)
            {
                return -1;
            }
        });
        await Task.Delay(150);
        _agent.Kill();
        await reader;

        // Restart: the stale mount is cleaned, the queue is pushed, the fetch is redone.
        await MountAsync();
        await Until(() => File.Exists(Path.Combine(_mount, "big.bin")), "the offer after the restart");
        var got = File.ReadAllBytes(Path.Combine(_mount, "big.bin"));
        Assert.Equal(SHA256.HashData(big), SHA256.HashData(got));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"write {i}", File.ReadAllText(Path.Combine(_mount, $"w{i}.txt")));
        }

        await Until(() => Enumerable.Range(0, 5).All(i => File.Exists(Path.Combine(_relay, $".w{i}.txt.placeholder"))), "the queued pushes");
        Assert.Equal(0, (await CliProcess.RunAsync("escale", ["-c", _confB, "--once"])).Code);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"write {i}", File.ReadAllText(Path.Combine(_plain, $"w{i}.txt")));
        }

        Assert.Empty(Directory.GetFiles(_mirror, ".escale-tmp-*", SearchOption.AllDirectories));
        await Until(() => !Directory.GetFiles(_relay, "*.lock", SearchOption.AllDirectories).Any(f => !RelayRecords.IsRecord(Path.GetFileName(f))), "no lock left on the relay");
    }

    [SkippableFact]
    public async Task Without_dev_fuse_it_says_so_and_runs_plain_folder_sync()
    {
        Prerequisites();
        Prerequisite.Require(File.Exists("/usr/bin/unshare") ? null : "unshare is missing (util-linux)");

        // A machine without /dev/fuse: a private mount namespace whose /dev is a fresh tmpfs holding
        // only the nodes the runtime needs.
        Directory.CreateDirectory(_mirror);
        File.WriteAllText(Path.Combine(_mirror, "plain.txt"), "synced without FUSE");
        File.SetLastWriteTimeUtc(Path.Combine(_mirror, "plain.txt"), DateTime.UtcNow.AddMinutes(-1));
        var script = "mount -t tmpfs tmpfs /dev && mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/zero c 1 5 "
            + "&& mknod -m 666 /dev/random c 1 8 && mknod -m 666 /dev/urandom c 1 9 "
            + $"&& exec dotnet '{CliProcess.Dll}' escale-mount -c '{_confA}' '{_mount}'";
        var psi = new ProcessStartInfo("unshare", ["-m", "--propagation", "private", "sh", "-c", script])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi)!;
        var stderr = new System.Text.StringBuilder();
        p.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        p.BeginErrorReadLine();
        try
        {
            await Until(() => File.Exists(Path.Combine(_relay, ".plain.txt.placeholder")), "the plain-folder push");
            string Text()
            {
                lock (stderr)
                {
                    return stderr.ToString();
                }
            }

            // The redirected stderr is read asynchronously and can trail the relay under load.
            await Until(() => Text().Contains("running plain-folder sync of", StringComparison.Ordinal), "the plain-folder line on stderr");
            var text = Text();

            Assert.Contains("FUSE is not available (/dev/fuse is missing", text, StringComparison.Ordinal);
            Assert.Contains("running plain-folder sync of " + _mirror, text, StringComparison.Ordinal);
            Assert.Equal(1, text.Split('\n').Count(l => l.Contains("FUSE is not available", StringComparison.Ordinal)));
            Assert.False(FuseHost.IsMounted(_mount));
        }
        finally
        {
            _ = Posix.kill(p.Id, Posix.SIGTERM);
            await p.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        }
    }

    private async Task MountAsync()
    {
        _agent?.Dispose();
        _agent = CliProcess.Start("escale-mount", ["-c", _confA, _mount]);
        await Until(() => _agent.Output.Contains("mounted [", StringComparison.Ordinal) || _agent.HasExited, "the mount to start");
        Assert.False(_agent.HasExited, _agent.Output);
    }

    private static string State(string path)
    {
        var psi = new ProcessStartInfo("getfattr", ["--only-values", "-n", "user.escale.state", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var value = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return value.Trim();
    }

    private static bool CanList(string dir)
    {
        try
        {
            _ = Directory.GetFileSystemEntries(dir);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task Until(Func<bool> condition, string what, int seconds = 40)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(200);
        }
    }

    private static void Prerequisites() =>
        Prerequisite.Require(FuseHost.Availability() ?? (File.Exists("/usr/bin/getfattr") ? null : "getfattr missing (apt attr)"));

    private string Write(string name, string body)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, $"[docs]\nrelay dir = {_relay}\n{body}\n");
        return path;
    }
}
