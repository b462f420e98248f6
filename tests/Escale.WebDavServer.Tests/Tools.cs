using System.Diagnostics;
using Escale.Testing;

namespace Escale.WebDavServer.Tests;

internal static class Tools
{
    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public static void Require(string name, string installedBy) =>
        Prerequisite.Require(Which(name) is null ? $"{name} is not installed ({installedBy} installs it)" : null);

    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            return (-1, "timed out\n" + stdout.Result + stderr.Result);
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
