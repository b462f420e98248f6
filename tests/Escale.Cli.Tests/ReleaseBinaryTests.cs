using System.Diagnostics;
using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>
/// What only a release binary can show: installed anywhere, its wrappers work without dotnet or a
/// checkout, and the unit install-service writes runs the installed binary. scripts/test runs the CLI
/// suite a second time against the linux-x64 release (ESCALE_CLI_BIN); without it there is nothing
/// to check here, so the test says so and is skipped (the first pass of scripts/test).
/// </summary>
public sealed class ReleaseBinaryTests : IDisposable
{
    private readonly TempDir _dir = new("release");

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public async Task Installed_elsewhere_the_wrappers_run_and_the_unit_names_the_installed_binary()
    {
        var bin = Environment.GetEnvironmentVariable("ESCALE_CLI_BIN");
        Skip.If(string.IsNullOrEmpty(bin), "ESCALE_CLI_BIN is not set: this checks a release binary (scripts/test's release pass)");

        // A copy in a folder that has nothing to do with the checkout, as a user unpacking the archive would.
        var installed = _dir.Sub("opt/escale");
        foreach (var name in new[] { "escale", "escale-mount", "escalectl" })
        {
            File.Copy(Path.Combine(Path.GetDirectoryName(bin)!, name), Path.Combine(installed, name)); // keeps the mode bits on Unix
        }

        var conf = _dir.Sub("conf") + "/escale.conf";
        File.WriteAllText(conf, $"[photos]\nlocal path = {_dir.Sub("local")}\nrelay dir = {_dir.Sub("relay")}\n");
        // The checkout stays findable (ESCALE_REPO_ROOT, as scripts/test sets it): the release must still win.
        var (code, output) = await Run(Path.Combine(installed, "escalectl"), "install-service", "-c", conf, "-n");

        Assert.True(code == 0, output);
        var execStart = output.Split('\n').Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        Assert.Equal($"ExecStart={Path.Combine(installed, "escale")} -c {conf}", execStart);
        Assert.DoesNotContain("Environment=", output, StringComparison.Ordinal); // no dotnet to find
        Assert.DoesNotContain("run-cli", output, StringComparison.Ordinal);

        (code, output) = await Run(Path.Combine(installed, "escale-mount"), "--help");
        Assert.True(code == 0, output);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    /// <summary>Runs a wrapper with a PATH that holds only what the wrappers use (no dotnet).</summary>
    private async Task<(int Code, string Output)> Run(string program, params string[] args)
    {
        var tools = _dir.Sub("tools");
        foreach (var tool in new[] { "dirname", "readlink" })
        {
            if (!File.Exists(Path.Combine(tools, tool)))
            {
                File.CreateSymbolicLink(Path.Combine(tools, tool), Path.Combine("/usr/bin", tool));
            }
        }

        var psi = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["PATH"] = tools;
        psi.Environment["DOTNET_ROOT"] = _dir.Sub("no-dotnet");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (p.ExitCode, await stdout + await stderr);
    }
}
