using System.Diagnostics;
using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>
/// A private tmux server (its own socket file, removed at the end) running one command in a real
/// terminal of a known size; the test reads the screen and its scrollback as the user would see them.
/// </summary>
public sealed class Tmux : IDisposable
{
    // Short and under /tmp: a Unix socket path is limited to 107 bytes.
    private readonly string _socket = Path.Combine(Path.GetTempPath(), "escale-tmux-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Why tmux cannot be used here, or null.</summary>
    public static string? Missing() => Run(null, "-V").Code == 0 ? null : "tmux is not installed (scripts/setup/tmux.sh installs it)";

    public void Start(string shellCommand, int width = 200, int height = 50) =>
        Check(Run(_socket, "new-session", "-d", "-s", "t", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture), shellCommand));

    /// <summary>The screen with its scrollback, wrapped lines joined, trailing blanks dropped.</summary>
    public string[] Capture()
    {
        var (code, output) = Run(_socket, "capture-pane", "-p", "-J", "-S", "-", "-t", "t");
        Check((code, output));
        return output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
    }

    public void Dispose()
    {
        Run(_socket, "kill-server");
        File.Delete(_socket);
    }

    /// <summary>A command line for the shell in the pane: the CLI as the tests run it (built dll or ESCALE_CLI_BIN).</summary>
    public static string CliCommand(string command, IEnumerable<string> args)
    {
        var bin = Environment.GetEnvironmentVariable("ESCALE_CLI_BIN");
        IEnumerable<string> words = string.IsNullOrEmpty(bin) ? ["dotnet", CliProcess.Dll, command, .. args] : [bin, command, .. args];
        return string.Join(' ', words.Select(Quote));
    }

    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Check((int Code, string Output) result)
    {
        if (result.Code != 0)
        {
            throw new InvalidOperationException("tmux failed: " + result.Output);
        }
    }

    private static (int Code, string Output) Run(string? socket, params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (socket is not null)
        {
            psi.ArgumentList.Add("-S");
            psi.ArgumentList.Add(socket);
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result + stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
