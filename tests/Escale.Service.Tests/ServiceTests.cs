using Escale.Testing;
using System.Diagnostics;

namespace Escale.Service.Tests;

/// <summary><c>escalectl install-service</c> and <c>escale -d</c>.</summary>
public sealed class ServiceTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task Install_service_dry_run_prints_the_unit_and_writes_nothing_then_writes_it()
    {
        var conf = Config();
        var env = _box.Env();
        var unitPath = Path.Combine(env["XDG_CONFIG_HOME"], "systemd", "user", "escale.service");

        var (code, output) = await CliProcess.RunAsync("escalectl", ["install-service", "-c", conf, "--dry-run"], env: env);

        Assert.True(code == 0, output);
        Assert.Contains($"would write {unitPath}:", output);
        var bin = Path.Combine(RepoRoot(), "bin");
        Assert.Contains($"ExecStart={bin}/escale -c {conf}", output);
        Assert.Contains("Restart=on-failure", output);
        Assert.Matches(@"\nEnvironment=PATH=[^\n]*/usr/bin", output);
        Assert.Contains("systemctl --user daemon-reload && systemctl --user enable --now escale.service", output);
        Assert.False(File.Exists(unitPath));

        (code, output) = await CliProcess.RunAsync("escalectl", ["install-service", "-c", conf], env: env);
        Assert.True(code == 0, output);
        Assert.Contains($"wrote {unitPath}", output);
        var unit = File.ReadAllText(unitPath);
        Assert.Contains($"ExecStart={bin}/escale -c {conf}\n", unit);
        Assert.Contains("[Install]\nWantedBy=default.target", unit);
    }

    [Fact]
    public async Task Install_service_for_a_mount_names_the_unit_after_the_mount_point()
    {
        var conf = Config();
        var mount = Path.Combine(_box.Root, "my mount");
        var (code, output) = await CliProcess.RunAsync("escalectl", ["install-service", "-c", conf, "--mount", mount, "--dry-run"], env: _box.Env());

        Assert.True(code == 0, output);
        var bin = Path.Combine(RepoRoot(), "bin");
        Assert.Contains($"ExecStart={bin}/escale-mount -c {conf} \"{mount}\"", output);
        Assert.Contains($"ExecStop={bin}/escale-mount -u \"{mount}\"", output);
        // systemd-escape --path: '/' becomes '-', so a real '-' must become \x2d, and a space \x20.
        var escaped = _box.Root.Trim('/').Replace("-", "\\x2d", StringComparison.Ordinal).Replace('/', '-');
        Assert.Contains($"enable --now escale-mount-{escaped}-my\\x20mount.service", output);
    }

    [Fact]
    public async Task Install_service_with_a_broken_configuration_is_one_line()
    {
        var conf = _box.File("bad.conf");
        File.WriteAllText(conf, "[x]\nrefresh = often\n");
        var (code, output) = await CliProcess.RunAsync("escalectl", ["install-service", "-c", conf, "--dry-run"], env: _box.Env());
        Assert.Equal(2, code);
        Assert.StartsWith("escalectl install-service: ", output.Trim());
        Assert.Single(output.Trim().Split('\n'));
    }

    [Fact]
    public async Task Daemon_detaches_prints_its_pid_and_logs_to_the_log_file()
    {
        var log = _box.File("daemon.log");
        var conf = Config($"log file = {log}\nrefresh = 1");
        var (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "-d"], env: _box.Env());
        Assert.True(code == 0, output);
        // stdout carries the PID alone; stderr's explanation may come first in the merged output
        var pid = int.Parse(output.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0 && l.All(char.IsAsciiDigit)), System.Globalization.CultureInfo.InvariantCulture);
        using var daemon = Process.GetProcessById(pid);
        try
        {
            // The parent has exited; the daemon runs on, in its own session, and logs to the file.
            Assert.False(daemon.HasExited);
            Assert.Equal(pid, GetSid(pid));
            for (var i = 0; i < 300 && !(File.Exists(log) && File.ReadAllText(log).Contains("syncing", StringComparison.Ordinal)); i++)
            {
                await Task.Delay(100);
            }

            Assert.Contains("syncing", File.ReadAllText(log));
        }
        finally
        {
            _ = Posix.kill(pid, Posix.SIGTERM);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await daemon.WaitForExitAsync(bound.Token);
        }

        Assert.DoesNotContain("error", File.ReadAllText(log));
    }

    private string Config(string extra = "")
    {
        var path = _box.File("escale.conf");
        File.WriteAllText(path, $"""
            [repo]
            local path = {_box.Sub("local")}
            relay dir = {_box.Sub("relay")}
            client = nodeA
            {extra}
            """);
        return path;
    }

    /// <summary>Field 6 of /proc/PID/stat (after the parenthesized command name) is the session id.</summary>
    private static int GetSid(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "bin", "escale")) && File.Exists(Path.Combine(dir.FullName, "scripts", "run-cli")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("not in a checkout");
    }
}
