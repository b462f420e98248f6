using System.Diagnostics;
using Escale.Testing;

namespace Escale.Stress.Tests;

/// <summary>
/// Starts the project's own loopback servers (scripts/servers) on this tier's ports (24500-24999), so
/// that it can run beside the other test projects. A server that cannot start is a missing
/// prerequisite: skipped outside CI, a failure in CI.
/// </summary>
public static class LoopbackServers
{
    public static string RepoRoot { get; } = Environment.GetEnvironmentVariable("ESCALE_REPO_ROOT") ?? FindRoot();

    /// <summary>pure-ftpd on 24510 (passive 24520-24599), plain FTP; returns its account root on disk.</summary>
    public static async Task<(string Root, Func<Task> Stop)> StartFtpAsync(string runDir)
    {
        var cache = Environment.GetEnvironmentVariable("ESCALE_FTP_CACHE") ?? "/var/cache/escale-test/ftp";
        if (!File.Exists(Path.Combine(cache, "root/usr/sbin/pure-ftpd")))
        {
            await RunAsync("bash", [Path.Combine(RepoRoot, "scripts/setup/ftp.sh")], TimeSpan.FromMinutes(8));
        }

        await RunAsync("bash", [Path.Combine(RepoRoot, "scripts/servers/ftp/start.sh"), "pure-ftpd", runDir, "24510", "24520", "24599", "--no-tls"], TimeSpan.FromSeconds(60));
        return (Path.Combine(runDir, "root"), () => RunAsync("bash", [Path.Combine(RepoRoot, "scripts/servers/ftp/stop.sh"), runDir, "--kill"], TimeSpan.FromSeconds(30)));
    }

    /// <summary>Apache mod_dav on <paramref name="port"/> (http, 24600 by default); returns its URL and served folder on disk.</summary>
    public static async Task<(string Url, string Data, Func<Task> Stop)> StartApacheAsync(string workDir, int port = 24600)
    {
        var output = await RunAsync(Path.Combine(RepoRoot, "scripts/servers/webdav/start"), ["apache", "http", port.ToString(System.Globalization.CultureInfo.InvariantCulture), workDir], TimeSpan.FromSeconds(60));
        var values = output.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        return (values["URL"], values["DATA"], () => RunAsync(Path.Combine(RepoRoot, "scripts/servers/webdav/stop"), [workDir], TimeSpan.FromSeconds(30)));
    }

    private static async Task<string> RunAsync(string file, string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["WEBDAV_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            Prerequisite.Require($"{Path.GetFileName(file)} did not finish within {timeout}");
        }

        if (p.ExitCode != 0)
        {
            Prerequisite.Require($"{Path.GetFileName(file)} {string.Join(' ', args)} failed: {await stderr}{await stdout}");
        }

        return await stdout;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Escale.Mount.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found (set ESCALE_REPO_ROOT)");
    }
}
