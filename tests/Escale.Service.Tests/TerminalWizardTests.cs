using Escale.Testing;
using System.Diagnostics;

namespace Escale.Service.Tests;

/// <summary>The wizard on a real (pseudo-)terminal: typed answers echo, the password does not.</summary>
public sealed class TerminalWizardTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task Password_typed_at_a_terminal_is_not_echoed()
    {
        const string password = "Typed-At-A-Terminal-77";
        var steps = _box.File("steps.txt");
        File.WriteAllLines(steps, [
            "Section name\tdav",
            $"Local folder\t{_box.Sub("local")}",
            $"Relay address\twebdav://127.0.0.1:{Sandbox.ClosedPort()}/relay",
            "Client name\tnodeTTY",
            "User name\talice-at-tty",
            $"Password\t{password}\tsecret",
            "Encryption\toff",
            "Mode\t",
            "Puller count\t",
            "Refresh\t",
            "Relay quota\t",
        ]);
        var conf = _box.File("escale.conf");
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "pty-driver.py"), steps, "dotnet", CliProcess.Dll, "escale", "-c", conf, "-i" })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in _box.Env())
        {
            psi.Environment[k] = v;
        }

        using var driver = Process.Start(psi)!;
        var stdout = driver.StandardOutput.ReadToEndAsync();
        var stderr = driver.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await driver.WaitForExitAsync(bound.Token);
        var transcript = await stdout + await stderr;

        Assert.NotEqual(99, driver.ExitCode); // the driver saw every prompt (and echo switched off)
        Assert.Contains("alice-at-tty", transcript); // ordinary answers do echo: the check below can fail
        Assert.Contains("Password (not shown): ", transcript);
        Assert.DoesNotContain(password, transcript);
        Assert.Contains("cannot use the relay", transcript);
        Assert.False(File.Exists(conf));
    }
}
