using Escale.Testing;

namespace Escale.Relay.Rclone.Tests;

/// <summary>The rclone relay through the real commands: the wizard writes a section with a local-type remote, escalectl probe reports it, escale syncs.</summary>
[Collection("rclone")]
public sealed class CliTests(RcloneRemotes remotes) : IDisposable
{
    private readonly TempDir _dir = new("rclone-cli");

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string> Env() => IsolatedEnvironment.Xdg(_dir.Path);

    [SkippableFact]
    public async Task Wizard_writes_an_rclone_section_that_probe_reports_and_escale_syncs()
    {
        remotes.Require();
        var conf = Path.Combine(_dir.Path, "escale.conf");
        var local = _dir.Sub("local");
        var dir = TestConfigs.UniqueDir();
        // section, local path, relay, rclone config, client, encryption, mode, pullers, refresh, quota
        var answers = $"rc\n{local}\nrclone:{remotes.Remote("local", dir)}\n{remotes.ConfigFile}\nnodeA\noff\n\n\nno\n\n";
        var (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "-i"], env: Env(), stdin: answers);
        Assert.True(code == 0, output);
        var text = File.ReadAllText(conf);
        Assert.Contains("protocol = rclone", text, StringComparison.Ordinal);
        Assert.Contains($"remote = {remotes.Remote("local", dir)}", text, StringComparison.Ordinal);

        (code, output) = await CliProcess.RunAsync("escalectl", ["probe", "-c", conf], env: Env());
        Assert.True(code == 0, output);
        Assert.Contains("[rc] DotFilesAllowed: True", output, StringComparison.Ordinal);
        Assert.Contains("[rc] probe: rename onto an existing file: replaces it", output, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(local, "hello.txt"), "through rclone");
        File.SetLastWriteTimeUtc(Path.Combine(local, "hello.txt"), DateTime.UtcNow.AddMinutes(-1));
        (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "--once"], env: Env());
        Assert.True(code == 0, output);
        Assert.Equal("through rclone", File.ReadAllText(Path.Combine(remotes.LocalRoot, dir, "hello.txt")));
    }
}
