using Escale.Testing;
namespace Escale.Cli.Tests;

/// <summary>escale without --once runs until SIGINT/SIGTERM, then abandons the transfer cleanly and releases its locks.</summary>
public sealed class SignalTests : IDisposable
{
    private readonly TwoNodeSetup _setup = new("refresh = 1");

    public void Dispose() => _setup.Dispose();

    [Theory]
    [InlineData(Posix.SIGINT)]
    [InlineData(Posix.SIGTERM)]
    public async Task A_signal_mid_transfer_stops_cleanly_without_leaving_a_lock(int signal)
    {
        var big = new byte[400_000_000];
        new Random(3).NextBytes(big);
        File.WriteAllBytes(Path.Combine(_setup.A, "big.bin"), big);
        File.SetLastWriteTimeUtc(Path.Combine(_setup.A, "big.bin"), DateTime.UtcNow.AddMinutes(-1));

        using var p = CliProcess.Start("escale", ["-c", _setup.ConfA]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Directory.EnumerateFiles(_setup.Relay, ".big.bin.lock").Any() && !p.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.False(p.HasExited, p.Output);
        p.Signal(signal);
        var code = await p.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == 130, $"exit {code}: {p.Output}");
        Assert.Contains("releasing locks", p.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(_setup.Relay, "*.lock", SearchOption.AllDirectories), f => Path.GetFileName(f) != ".escale-repository.lock"); // the marker is not a lock
        Assert.DoesNotContain("Exception", p.Output, StringComparison.Ordinal);

        // The next run finishes the job.
        var (again, output) = await CliProcess.RunAsync("escale", ["-c", _setup.ConfA, "--once"]);
        Assert.True(again == 0, output);
        Assert.Equal(big.Length, new FileInfo(Path.Combine(_setup.Relay, "big.bin")).Length);
    }
}
