using System.Diagnostics;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>escale -d</c>: the same command again, detached. The child runs under <c>setsid</c> (a new
/// session: no controlling terminal, no SIGHUP when the terminal closes) with its standard streams on
/// the log file, and knows it is the daemon through <see cref="EnvironmentVariable"/> (no console
/// logging, no progress bars). setsid execs in place because the child is not a group leader, so
/// the PID printed is the daemon's own.
/// </summary>
public static class Daemon
{
    public const string EnvironmentVariable = "ESCALE_DAEMON";

    public static bool IsDaemon => Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    /// <summary>Starts the detached copy and returns its PID.</summary>
    public static int Start(IReadOnlyList<string> escaleArgs, string logFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var psi = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "setsid")
        {
            UseShellExecute = false,
            WorkingDirectory = "/",
        };

        // sh does the redirections so that nothing ties the daemon to our pipes or terminal.
        psi.ArgumentList.Add("/bin/sh");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("log=$1; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null");
        psi.ArgumentList.Add("sh");
        psi.ArgumentList.Add(Path.GetFullPath(logFile));
        foreach (var a in SelfCommand())
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("escale");
        foreach (var a in escaleArgs)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment[EnvironmentVariable] = "1";
        using var process = Process.Start(psi) ?? throw new IOException("could not start the background process");
        return process.Id;
    }

    /// <summary>How to run this program again: the apphost, or dotnet with our dll.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        // Not Assembly.Location: empty in a single-file release (where the host is the binary itself anyway).
        var dll = Path.Combine(AppContext.BaseDirectory, typeof(Program).Assembly.GetName().Name + ".dll");
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, dll] : [host];
    }
}
