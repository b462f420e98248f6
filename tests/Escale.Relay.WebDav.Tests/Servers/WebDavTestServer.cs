using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Escale.Relay.WebDav.Tests.Servers;

/// <summary>
/// One real WebDAV server on 127.0.0.1 started by scripts/servers/webdav/start (installed by
/// scripts/setup/webdav.sh when missing). A missing prerequisite fails the tests: never a skip.
/// </summary>
public abstract class WebDavTestServer : IAsyncLifetime
{
    private static readonly SemaphoreSlim SetupGate = new(1, 1);
    private static bool _setupDone;
    private static int _nextPort = 22100 + (Environment.ProcessId % 40) * 20;

    protected WebDavTestServer(string kind, string scheme, int? smallKb = null)
    {
        Kind = kind;
        Scheme = scheme;
        SmallKb = smallKb;
    }

    public const string User = "escale";
    public const string Password = "escale-secret";

    public string Kind { get; }

    public string Scheme { get; }

    public int? SmallKb { get; }

    public int Port { get; private set; }

    public string Work { get; private set; } = "";

    public string Data => Path.Combine(Work, "data");

    public string? CertificateFile { get; private set; }

    public static string RepoRoot
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("ESCALE_REPO_ROOT");
            if (!string.IsNullOrEmpty(env))
            {
                return env;
            }

            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Escale.Mount.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found (set ESCALE_REPO_ROOT)");
        }
    }

    public async Task InitializeAsync()
    {
        await EnsureSetupAsync();
        Port = FreePort();
        var output = await RunAsync(Path.Combine(RepoRoot, "scripts/servers/webdav/start"), Kind, Scheme, Port.ToString(), "");
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("WORK=", StringComparison.Ordinal))
            {
                Work = line[5..].Trim();
            }
            else if (line.StartsWith("CERT=", StringComparison.Ordinal))
            {
                CertificateFile = line[5..].Trim();
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Work.Length > 0)
        {
            await RunAsync(Path.Combine(RepoRoot, "scripts/servers/webdav/stop"), Work, "--purge");
        }
    }

    /// <summary>Stops the server and starts it again on the same port and data (a server restart).</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        await StopAsync();
        await Task.Delay(downtime);
        await StartAgainAsync();
    }

    public Task StopAsync() => RunAsync(Path.Combine(RepoRoot, "scripts/servers/webdav/stop"), Work, "");

    public Task StartAgainAsync() => RunAsync(Path.Combine(RepoRoot, "scripts/servers/webdav/start"), Kind, Scheme, Port.ToString(), Work);

    private async Task<string> RunAsync(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args.Where(a => a.Length > 0))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["WEBDAV_USER"] = User;
        psi.Environment["WEBDAV_PASSWORD"] = Password;
        psi.Environment["WEBDAV_OWNER_PID"] = Environment.ProcessId.ToString();
        if (SmallKb is { } kb)
        {
            psi.Environment["WEBDAV_SMALL_KB"] = kb.ToString();
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(script)} {string.Join(' ', args)} failed ({p.ExitCode}): {await stderr}");
        }

        return await stdout;
    }

    private static async Task EnsureSetupAsync()
    {
        await SetupGate.WaitAsync();
        try
        {
            if (_setupDone)
            {
                return;
            }

            if (!new[] { "/usr/sbin/apache2", "/usr/sbin/nginx", "/usr/bin/rclone", "/usr/bin/htpasswd", "/usr/lib/nginx/modules/ngx_http_dav_ext_module.so" }.All(File.Exists))
            {
                var psi = new ProcessStartInfo("bash", [Path.Combine(RepoRoot, "scripts/setup/webdav.sh")]) { RedirectStandardError = true };
                using var p = Process.Start(psi)!;
                var err = await p.StandardError.ReadToEndAsync();
                await p.WaitForExitAsync();
                if (p.ExitCode != 0)
                {
                    throw new InvalidOperationException("WebDAV test servers are not installed and scripts/setup/webdav.sh failed: " + err);
                }
            }

            _setupDone = true;
        }
        finally
        {
            SetupGate.Release();
        }
    }

    /// <summary>A free port in 22000–22999 (our range), distinct per fixture in this process.</summary>
    private static int FreePort()
    {
        for (var i = 0; i < 1000; i++)
        {
            var port = 22000 + (Interlocked.Increment(ref _nextPort) - 22000) % 1000;
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no free port in 22000-22999");
    }
}
