using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Escale.Relay.Sftp.Tests;

/// <summary>
/// OpenSSH's sshd on 127.0.0.1 started by scripts/servers/sftp/start (installed by scripts/setup/sftp.sh
/// when missing) with its own host key and one user confined to a folder. Setup that cannot run is a
/// skip outside CI and a failure in CI (<see cref="Escale.Testing.Prerequisite"/>).
/// </summary>
public sealed class SftpServer : IAsyncLifetime
{
    public const string User = "escalesftp";
    public const string Password = "escale-sftp-secret";
    private static readonly SemaphoreSlim SetupGate = new(1, 1);
    private static string? _setupProblem;
    private static bool _setupDone;
    private static int _nextPort = 23020 + (Environment.ProcessId % 20) * 10;

    public int Port { get; private set; }

    public string Work { get; private set; } = "";

    /// <summary>The user's folder on this machine (what the SFTP user sees as /relay).</summary>
    public string Data { get; private set; } = "";

    public string HostKeyFingerprint { get; private set; } = "";

    public string ClientKey { get; private set; } = "";

    public string ClientKeyPassphrase { get; private set; } = "";

    public string KnownHosts { get; private set; } = "";

    /// <summary>Why the server could not start, or null.</summary>
    public string? Problem { get; private set; }

    public static string RepoRoot => RelayTestRoot.Find();

    public async Task InitializeAsync()
    {
        Problem = await EnsureSetupAsync();
        if (Problem is not null)
        {
            return;
        }

        Port = FreePort();
        try
        {
            var output = await RunAsync("start", Port.ToString(), "");
            string Value(string key) => output.Split('\n').First(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..].Trim();
            Work = Value("WORK");
            Data = Value("DATA");
            HostKeyFingerprint = Value("HOSTKEY_FP");
            ClientKey = Value("CLIENT_KEY");
            ClientKeyPassphrase = Value("CLIENT_KEY_PASSPHRASE");
            KnownHosts = Value("KNOWN_HOSTS");
        }
        catch (InvalidOperationException e)
        {
            Problem = e.Message;
        }
    }

    public async Task DisposeAsync()
    {
        if (Work.Length > 0)
        {
            await RunAsync("stop", Work, "--purge");
        }
    }

    public Task StopAsync() => RunAsync("stop", Work, "");

    public Task StartAgainAsync() => RunAsync("start", Port.ToString(), Work);

    private static async Task<string> RunAsync(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(RepoRoot, "scripts/servers/sftp", script)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args.Where(a => a.Length > 0))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["SFTP_USER"] = User;
        psi.Environment["SFTP_PASSWORD"] = Password;
        psi.Environment["SFTP_OWNER_PID"] = Environment.ProcessId.ToString();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"sftp/{script} failed ({p.ExitCode}): {await stderr}");
        }

        return await stdout;
    }

    private static async Task<string?> EnsureSetupAsync()
    {
        await SetupGate.WaitAsync();
        try
        {
            if (!_setupDone)
            {
                _setupDone = true;
                if (!File.Exists("/usr/sbin/sshd") || !File.Exists("/usr/bin/ssh-keygen"))
                {
                    var psi = new ProcessStartInfo("bash", [Path.Combine(RepoRoot, "scripts/setup/sftp.sh")]) { RedirectStandardError = true };
                    using var p = Process.Start(psi)!;
                    var err = await p.StandardError.ReadToEndAsync();
                    await p.WaitForExitAsync();
                    _setupProblem = p.ExitCode == 0 ? null : "scripts/setup/sftp.sh failed: " + err;
                }
            }

            return _setupProblem;
        }
        finally
        {
            SetupGate.Release();
        }
    }

    /// <summary>A free port in 23020-23219 (this branch's range), distinct per fixture in this process.</summary>
    private static int FreePort()
    {
        for (var i = 0; i < 200; i++)
        {
            var port = 23020 + (Interlocked.Increment(ref _nextPort) - 23020) % 200;
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

        throw new InvalidOperationException("no free port in 23020-23219");
    }
}
