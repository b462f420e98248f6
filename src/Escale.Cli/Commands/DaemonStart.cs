using System.Globalization;
using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>
/// The parent side of <c>escale -d</c>: the configuration was loaded and checked in the foreground
/// (so that its errors reach the user), then the same command without -d starts detached.
/// </summary>
public static class DaemonStart
{
    public static int Run(string configFile, IReadOnlyCollection<string> sections, bool once, string? logLevel, ServiceSettings service, IReadOnlyList<RepositoryConfig> repos)
    {
        var args = new List<string> { "-c", Path.GetFullPath(configFile) };
        foreach (var s in sections)
        {
            args.Add("-r");
            args.Add(s);
        }

        if (once)
        {
            args.Add("--once");
        }

        if (logLevel is not null)
        {
            args.Add("-l");
            args.Add(logLevel);
        }

        if (service.AutoRestart is { } delay)
        {
            args.Add("--auto-restart");
            args.Add(((int)delay.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            args.Add("--max-restarts");
            args.Add(service.MaxRestarts.ToString(CultureInfo.InvariantCulture));
        }

        var logFile = repos[0].GetPath("log file") ?? Path.Combine(repos[0].CacheDir, "escale.log");
        var pid = Daemon.Start(args, logFile);
        Console.Out.WriteLine(pid.ToString(CultureInfo.InvariantCulture));
        Console.Error.WriteLine($"escale: running in the background as PID {pid}; log: {logFile}; stop it with: escalectl -c {Path.GetFullPath(configFile)} stop");
        return ExitCodes.Ok;
    }
}
