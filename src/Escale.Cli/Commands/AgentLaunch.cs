using System.Diagnostics;
using System.Text;
using Escale.Agent.Control;

namespace Escale.Cli.Commands;

/// <summary>How a running agent was started (Linux /proc), so that <c>restart</c> can start it again the same way.</summary>
public sealed class AgentLaunch
{
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _directory;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private AgentLaunch(IReadOnlyList<string> arguments, string directory, IReadOnlyDictionary<string, string> environment, string outputFile)
    {
        _arguments = arguments;
        _directory = directory;
        _environment = environment;
        OutputFile = outputFile;
    }

    public string OutputFile { get; }

    /// <summary>Null when /proc does not tell (not Linux, another user's process).</summary>
    public static AgentLaunch? Capture(int processId)
    {
        try
        {
            var args = Split(File.ReadAllBytes($"/proc/{processId}/cmdline"));
            var directory = new DirectoryInfo($"/proc/{processId}/cwd").ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            var environment = Split(File.ReadAllBytes($"/proc/{processId}/environ"))
                .Select(e => e.Split('=', 2)).Where(kv => kv.Length == 2)
                .GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
            if (args.Count == 0 || directory is null)
            {
                return null;
            }

            var output = Path.Combine(ControlPaths.RuntimeDir(), $"restart-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{processId}.log");
            return new AgentLaunch(args, directory, environment, output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Starts the agent detached from this process (its own session, output to <see cref="OutputFile"/>); returns the shell's pid.</summary>
    public int Start()
    {
        // sh puts the agent in the background with its streams on a file: it must not inherit our
        // pipes (a reader that went away would block or kill it) nor die with this command.
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = _directory };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("out=\"$1\"; shift; setsid \"$@\" </dev/null >>\"$out\" 2>&1 & echo $!");
        psi.ArgumentList.Add("escale-restart");
        psi.ArgumentList.Add(OutputFile);
        foreach (var a in _arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Clear();
        foreach (var (k, v) in _environment)
        {
            psi.Environment[k] = v;
        }

        psi.RedirectStandardOutput = true;
        using var shell = Process.Start(psi) ?? throw new IOException("cannot start /bin/sh");
        var pid = shell.StandardOutput.ReadToEnd().Trim();
        shell.WaitForExit();
        return int.TryParse(pid, out var p) ? p : shell.Id;
    }

    private static List<string> Split(byte[] nulSeparated) =>
        Encoding.UTF8.GetString(nulSeparated).Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
}
