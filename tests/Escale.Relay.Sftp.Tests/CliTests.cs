using Escale.Testing;

namespace Escale.Relay.Sftp.Tests;

/// <summary>The SFTP relay through the real commands: the wizard, escalectl probe, escalectl migrate, escale.</summary>
[Collection("sshd")]
public sealed class CliTests(SftpServer server) : IDisposable
{
    private readonly TempDir _dir = new("sftp-cli");

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string> Env() => IsolatedEnvironment.Xdg(_dir.Path);

    [SkippableFact]
    public async Task Wizard_writes_an_sftp_section_that_probe_reports_and_escale_syncs()
    {
        Prerequisite.Require(server.Problem);
        var conf = Path.Combine(_dir.Path, "escale.conf");
        var local = _dir.Sub("local");
        var dir = TestConfigs.UniqueDir();
        // section, local path, relay, client, user, key (none), password, host key, encryption, mode, pullers, refresh, quota
        var answers = $"ssh\n{local}\nsftp://127.0.0.1:{server.Port}/{dir}\nnodeA\n{SftpServer.User}\nnone\n{SftpServer.Password}\n{server.HostKeyFingerprint}\noff\n\n\nno\n\n";
        var (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "-i"], env: Env(), stdin: answers);
        Assert.True(code == 0, output);
        var text = File.ReadAllText(conf);
        Assert.Contains("protocol = sftp", text, StringComparison.Ordinal);
        Assert.Contains($"host key = {server.HostKeyFingerprint}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(SftpServer.Password, text, StringComparison.Ordinal);

        (code, output) = await CliProcess.RunAsync("escalectl", ["probe", "-c", conf], env: Env());
        Assert.True(code == 0, output);
        Assert.Contains("[ssh] AtomicCreateNew: True", output, StringComparison.Ordinal);
        Assert.Contains("[ssh] probe: posix-rename@openssh.com: offered", output, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(local, "hello.txt"), "over ssh");
        File.SetLastWriteTimeUtc(Path.Combine(local, "hello.txt"), DateTime.UtcNow.AddMinutes(-1));
        (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "--once"], env: Env());
        Assert.True(code == 0, output);
        Assert.Equal("over ssh", File.ReadAllText(Path.Combine(server.Data, dir, "hello.txt")));
    }

    [SkippableFact]
    public async Task Unknown_host_key_is_one_line_with_the_fingerprint()
    {
        Prerequisite.Require(server.Problem);
        var conf = Path.Combine(_dir.Path, "unknown.conf");
        File.WriteAllText(conf, $"""
            [u]
            local path = {_dir.Sub("u")}
            protocol = sftp
            host address = 127.0.0.1:{server.Port}
            user = {SftpServer.User}
            password = {SftpServer.Password}
            known hosts = {Path.Combine(_dir.Path, "no-known-hosts")}
            """);
        var (code, output) = await CliProcess.RunAsync("escalectl", ["probe", "-c", conf], env: Env());
        Assert.NotEqual(0, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("unknown host key", StringComparison.Ordinal));
        Assert.Contains($"'host key = {server.HostKeyFingerprint}'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Migrate_from_a_local_relay_to_sftp_and_back()
    {
        Prerequisite.Require(server.Problem);
        var relay = _dir.Sub("relay");
        var files = _dir.Sub("a");
        var conf = Path.Combine(_dir.Path, "a.conf");
        File.WriteAllText(conf, $"""
            [docs]
            local path = {files}
            protocol = file
            relay dir = {relay}
            client = nodeA
            settle time = 0
            user = {SftpServer.User}
            password = {SftpServer.Password}
            host key = {server.HostKeyFingerprint}
            """);
        for (var i = 0; i < 4; i++)
        {
            var name = Path.Combine(files, i % 2 == 0 ? $"f{i}.bin" : $"sub dir/ü {i}.bin");
            Directory.CreateDirectory(Path.GetDirectoryName(name)!);
            File.WriteAllBytes(name, new byte[1000 * (i + 1)]);
            File.SetLastWriteTimeUtc(name, DateTime.UtcNow.AddMinutes(-1));
        }

        var (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "--once"], env: Env());
        Assert.True(code == 0, output);
        var before = Snapshot(relay);
        var remote = "migrated-" + Guid.NewGuid().ToString("N")[..8];
        (code, output) = await CliProcess.RunAsync("escalectl", ["migrate", "-c", conf, "docs", $"sftp://127.0.0.1:{server.Port}/relay/{remote}"], env: Env());
        Assert.True(code == 0, output);
        Assert.Contains("protocol = sftp", File.ReadAllText(conf), StringComparison.Ordinal);
        var onServer = Snapshot(Path.Combine(server.Data, remote));
        Assert.Equal(before.Keys.Order(), onServer.Keys.Order());
        Assert.All(before, kv => Assert.Equal(kv.Value, onServer[kv.Key]));

        var back = Path.Combine(_dir.Path, "relay-back");
        (code, output) = await CliProcess.RunAsync("escalectl", ["migrate", "-c", conf, "docs", "file://" + back], env: Env());
        Assert.True(code == 0, output);
        Assert.Equal(before.Keys.Order(), Snapshot(back).Keys.Order());
    }

    private static Dictionary<string, byte[]> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);
}
