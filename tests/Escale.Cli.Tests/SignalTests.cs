using Escale.Testing;
namespace Escale.Cli.Tests;

/// <summary>escale without --once runs until SIGINT/SIGTERM, then abandons the transfer cleanly and releases its locks.</summary>
public sealed class SignalTests : IDisposable
{
    private readonly TwoNodeSetup _setup = new("refresh = 1");

    public void Dispose() => _setup.Dispose();

    [SkippableTheory]
    [InlineData(Posix.SIGINT)]
    [InlineData(Posix.SIGTERM)]
    public async Task A_signal_mid_transfer_stops_cleanly_without_leaving_a_lock(int signal)
    {
        // A job started in the background by a non-interactive shell inherits SIGINT ignored, and the runtime keeps
        // it so (as shells do): escale then rightly does not react to it. Say so rather than time out.
        Prerequisite.Require(signal == Posix.SIGINT && Ignored(signal)
            ? "SIGINT is ignored in this test run (started as a background job of a non-interactive shell); run the tests in the foreground or under job control"
            : null);
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
        Assert.DoesNotContain(Directory.GetFiles(_setup.Relay, "*.lock", SearchOption.AllDirectories), f => !RelayRecords.IsRecord(Path.GetFileName(f)));
        Assert.DoesNotContain("Exception", p.Output, StringComparison.Ordinal);

        // The next run finishes the job.
        var (again, output) = await CliProcess.RunAsync("escale", ["-c", _setup.ConfA, "--once"]);
        Assert.True(again == 0, output);
        Assert.Equal(big.Length, new FileInfo(Path.Combine(_setup.Relay, "big.bin")).Length);
    }

    /// <summary>Whether this process ignores <paramref name="signal"/> (its children inherit that).</summary>
    private static bool Ignored(int signal)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line[7..].Trim(), 16) & (1UL << (signal - 1))) != 0;
    }
}
