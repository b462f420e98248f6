using System.Text.RegularExpressions;
using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>
/// <c>escale --once</c> in a real terminal (tmux) while transfers show their live progress: every line
/// the log file received is on screen whole (no line cut, overwritten or lost under the progress
/// area), the final summary stays, and the progress area is gone at the end.
/// </summary>
public sealed partial class TerminalOutputTests : IDisposable
{
    private readonly TwoNodeSetup _setup = new("bandwidth limit = 1M\ntransfers = 1\nlog file = LOGFILE");

    public void Dispose() => _setup.Dispose();

    [SkippableFact]
    public async Task Every_log_line_is_whole_on_screen_while_transfers_show_progress()
    {
        Prerequisite.Require(Tmux.Missing());
        var log = Path.Combine(_setup.Root, "a.log");
        File.WriteAllText(_setup.ConfA, File.ReadAllText(_setup.ConfA).Replace("LOGFILE", log, StringComparison.Ordinal));
        for (var i = 1; i <= 4; i++)
        {
            // 1.5 MiB each at 1 MiB/s: the run lasts a few seconds, with a log line between transfers.
            var data = new byte[1536 * 1024];
            Random.Shared.NextBytes(data);
            File.WriteAllBytes(Path.Combine(_setup.A, $"f{i}.bin"), data);
        }

        using var tmux = new Tmux();
        tmux.Start(Tmux.CliCommand("escale", ["-c", _setup.ConfA, "--once"]) + "; echo EXIT=$?; sleep 600");
        var sawProgress = false;
        string[] screen = [];
        for (var polls = 0; polls < 1200 && !screen.Any(l => l.StartsWith("EXIT=", StringComparison.Ordinal)); polls++)
        {
            await Task.Delay(100);
            screen = tmux.Capture();
            sawProgress |= screen.Any(l => ProgressLine().IsMatch(l));
        }

        Assert.Contains("EXIT=0", screen);
        Assert.True(sawProgress, "the live progress area never showed:\n" + string.Join('\n', screen));

        // The file has the same records with the date in front; the console has the time only.
        var logged = File.ReadAllLines(log).Select(l => l[11..]).ToList();
        Assert.Contains(logged, l => l.Contains("pushed f4.bin", StringComparison.Ordinal));
        foreach (var line in logged)
        {
            Assert.True(screen.Contains(line), $"log line not whole on screen: '{line}'\nscreen:\n{string.Join('\n', screen)}");
        }

        Assert.Contains(screen, l => l.StartsWith("[repo] pushed 4, pulled 0", StringComparison.Ordinal));
        Assert.DoesNotContain(screen, l => ProgressLine().IsMatch(l));
        Assert.DoesNotContain(screen, l => TimeInside().IsMatch(l));
    }

    [GeneratedRegex(@"^[↑↓] \[repo\] .*% of ")]
    private static partial Regex ProgressLine();

    /// <summary>A record's time anywhere but at the start of a row: a line written over another.</summary>
    [GeneratedRegex(@".\d\d:\d\d:\d\d (debug|info|warning|error) ")]
    private static partial Regex TimeInside();
}
