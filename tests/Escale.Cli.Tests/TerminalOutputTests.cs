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

        var shown = "\nscreen:\n" + string.Join('\n', screen);
        Assert.True(screen.Contains("EXIT=0"), "escale --once failed" + shown);
        Assert.True(sawProgress, "the live progress area never showed" + shown);

        // The file has the same records, stamped separately (the second may differ) and with the date:
        // compared without their stamps, each must be a whole row that starts with a time.
        var logged = File.ReadAllLines(log).Select(l => l["yyyy-MM-dd HH:mm:ss ".Length..]).ToList();
        var rows = screen.Where(l => Stamp().IsMatch(l)).Select(l => l["HH:mm:ss ".Length..]).ToHashSet();
        Assert.True(logged.Any(l => l.Contains("pushed f4.bin", StringComparison.Ordinal)), "log file:\n" + string.Join('\n', logged) + shown);
        foreach (var line in logged)
        {
            Assert.True(rows.Contains(line), $"log line not whole on screen: '{line}'" + shown);
        }

        Assert.True(screen.Any(l => l.StartsWith("[repo] pushed 4, pulled 0", StringComparison.Ordinal)), "no --once summary" + shown);
        Assert.False(screen.Any(l => ProgressLine().IsMatch(l)), "the progress area stayed" + shown);
        Assert.False(screen.Any(l => TimeInside().IsMatch(l)), "a line written over another" + shown);
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d ")]
    private static partial Regex Stamp();

    [GeneratedRegex(@"^[↑↓] \[repo\] .*% of ")]
    private static partial Regex ProgressLine();

    /// <summary>A record's time anywhere but at the start of a row: a line written over another.</summary>
    [GeneratedRegex(@".\d\d:\d\d:\d\d (debug|info|warning|error) ")]
    private static partial Regex TimeInside();
}
