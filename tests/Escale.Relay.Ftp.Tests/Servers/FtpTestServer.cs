using System.Diagnostics;
using Escale.Relay.Ftp.Client;
using Escale.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Relay.Ftp.Tests.Servers;

/// <summary>
/// One real FTP server on 127.0.0.1, started by scripts/servers/ftp/start.sh in a fresh folder, shared by
/// the tests of one xunit collection (they run one after the other). Ports are fixed per server in
/// 21100–21899 so that other test projects running at the same time never meet them. A server that
/// cannot start fails the tests with the script's output, in CI and locally alike (we run as root here,
/// and scripts/setup/ftp.sh installs everything).
/// </summary>
public abstract class FtpTestServer : IAsyncLifetime
{
    public const string User = "escaleftp";
    public const string Password = "escale-ftp-test";

    private readonly TempDir _dir = new("ftp-server");

    protected FtpTestServer(FtpServerKind kind, int port, int passiveMin, int passiveMax, params string[] extra)
    {
        Kind = kind;
        Port = port;
        PassiveMin = passiveMin;
        PassiveMax = passiveMax;
        Extra = extra;
    }

    public FtpServerKind Kind { get; }

    public int Port { get; }

    public int PassiveMin { get; }

    public int PassiveMax { get; }

    private string[] Extra { get; }

    public string RunDir => _dir.Path;

    /// <summary>The account's root folder on disk (what the server shows as "/").</summary>
    public string Root => Path.Combine(_dir.Path, "root");

    public static string CacheDir => Environment.GetEnvironmentVariable("ESCALE_FTP_CACHE") ?? "/var/cache/escale-test/ftp";

    public string ServerName => Kind switch
    {
        FtpServerKind.Vsftpd => "vsftpd",
        FtpServerKind.PureFtpd => "pure-ftpd",
        _ => "proftpd",
    };

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(CacheDir, "root/usr/sbin/proftpd")) || !File.Exists(Path.Combine(CacheDir, "cert.pem")))
        {
            await RunAsync("bash", [RepoRoot.Path("scripts/setup/ftp.sh")], TimeSpan.FromMinutes(8));
        }

        await StartAsync();
    }

    public async Task StartAsync() =>
        await RunAsync("bash", [RepoRoot.Path("scripts/servers/ftp/start.sh"), ServerName, RunDir, Port.ToString(), PassiveMin.ToString(), PassiveMax.ToString(), .. Extra], TimeSpan.FromSeconds(30));

    public Task StopAsync(bool kill = false) =>
        RunAsync("bash", kill ? [RepoRoot.Path("scripts/servers/ftp/stop.sh"), RunDir, "--kill"] : [RepoRoot.Path("scripts/servers/ftp/stop.sh"), RunDir], TimeSpan.FromSeconds(30));

    public async Task RestartAsync()
    {
        await StopAsync(kill: true);
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (Environment.GetEnvironmentVariable("ESCALE_FTP_KEEP") != "1")
        {
            _dir.Dispose(); // ESCALE_FTP_KEEP=1 keeps the server logs for a post-mortem
        }
    }

    internal FtpConnectionOptions Options(FtpTlsMode tls, string password = Password, TimeSpan? timeout = null, Func<System.Net.IPEndPoint, System.Net.IPEndPoint>? dataMap = null, int? port = null, FtpCertificatePolicy? certificates = null) => new()
    {
        Host = "127.0.0.1",
        Port = port ?? Port,
        User = User,
        Password = password,
        Tls = tls,
        Certificates = certificates ?? FtpCertificatePolicy.Pinned(Path.Combine(CacheDir, "cert.pem"), p => p),
        Timeout = timeout ?? TimeSpan.FromSeconds(15),
        DataEndpointMap = dataMap,
    };

    internal Task<FtpRelayStore> ConnectAsync(FtpTlsMode tls, string? relayDir = null, int transfers = 4, FtpConnectionOptions? options = null) =>
        FtpRelayStore.ConnectAsync(options ?? Options(tls), relayDir ?? "/t-" + Guid.NewGuid().ToString("N")[..12], transfers, RelayTempNames.TagOf("ftp-tests"), NullLogger.Instance, CancellationToken.None);

    private static async Task RunAsync(string file, string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

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
            throw new InvalidOperationException($"{string.Join(' ', args)} did not finish within {timeout}");
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} failed ({p.ExitCode}): {await stdout}{await stderr}");
        }
    }
}
