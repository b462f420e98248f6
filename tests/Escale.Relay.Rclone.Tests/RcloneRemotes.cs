using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Escale.Testing;

namespace Escale.Relay.Rclone.Tests;

/// <summary>
/// The servers behind the test remotes, all on 127.0.0.1 and started by the project's scripts: OpenSSH's
/// sshd (scripts/servers/sftp), <c>rclone serve webdav</c> (scripts/servers/webdav) and s3rver
/// (scripts/servers/s3), plus an rclone.conf with four remotes: loc (local), sftpt, davt and s3t.
/// A setup that cannot run is a skip outside CI and a failure in CI.
/// </summary>
public sealed class RcloneRemotes : IAsyncLifetime
{
    public const string SshUser = "escalesftp";
    public const string SshPassword = "escale-sftp-secret";
    public const string DavUser = "escale";
    public const string DavPassword = "escale-secret";
    public const string Bucket = "relay";
    private readonly List<(string Kind, string Work)> _servers = [];

    public string? Problem { get; private set; }

    public string ConfigFile { get; private set; } = "";

    public string LocalRoot { get; private set; } = "";

    public string SftpData { get; private set; } = "";

    public string S3Data { get; private set; } = "";

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

    /// <summary>The rclone remote (relay folder) of a test: a fresh folder on the named remote.</summary>
    public string Remote(string kind, string dir) => kind switch
    {
        "local" => $"loc:{LocalRoot}/{dir}",
        "sftp" => $"sftpt:{dir}",
        "webdav" => $"davt:{dir}",
        "s3" => $"s3t:{Bucket}/{dir}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public async Task InitializeAsync()
    {
        // rclone 1.60's s3 backend refuses to start when AWS_CA_BUNDLE is set ("unsupported transport"),
        // which this machine's environment does; the daemon (and the CLI children) inherit our environment.
        Environment.SetEnvironmentVariable("AWS_CA_BUNDLE", null);
        try
        {
            await RunAsync("bash", Path.Combine(RepoRoot, "scripts/setup/sftp.sh"));
            await RunAsync("bash", Path.Combine(RepoRoot, "scripts/setup/webdav.sh"));
            var offset = (Environment.ProcessId % 10) * 3;
            var ssh = Values(await RunAsync(Script("sftp/start"), FreePort(23230 + offset).ToString()));
            _servers.Add(("sftp", ssh["WORK"]));
            var dav = Values(await RunAsync(Script("webdav/start"), "rclone", "http", FreePort(23260 + offset).ToString()));
            _servers.Add(("webdav", dav["WORK"]));
            var s3 = Values(await RunAsync(Script("s3/start"), FreePort(23300 + offset).ToString(), Bucket));
            _servers.Add(("s3", s3["WORK"]));
            SftpData = ssh["DATA"];
            S3Data = s3["DATA"];
            var work = Directory.CreateTempSubdirectory("escale-rclone-").FullName;
            LocalRoot = Path.Combine(work, "local");
            Directory.CreateDirectory(LocalRoot);
            ConfigFile = Path.Combine(work, "rclone.conf");
            File.WriteAllText(ConfigFile, $"""
                [loc]
                type = local

                [sftpt]
                type = sftp
                host = 127.0.0.1
                port = {ssh["PORT"]}
                user = {SshUser}
                pass = {(await RunAsync("rclone", "obscure", SshPassword)).Trim()}
                known_hosts_file = {ssh["KNOWN_HOSTS"]}
                shell_type = none
                disable_hashcheck = true

                [davt]
                type = webdav
                url = {dav["URL"]}
                vendor = other
                user = {DavUser}
                pass = {(await RunAsync("rclone", "obscure", DavPassword)).Trim()}

                [s3t]
                type = s3
                provider = Other
                env_auth = false
                access_key_id = S3RVER
                secret_access_key = S3RVER
                endpoint = {s3["ENDPOINT"]}
                force_path_style = true

                """);
        }
        catch (InvalidOperationException e)
        {
            Problem = e.Message;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (kind, work) in _servers)
        {
            await RunAsync(Script(kind + "/stop"), work, "--purge");
        }

        if (ConfigFile.Length > 0)
        {
            Directory.Delete(Path.GetDirectoryName(ConfigFile)!, recursive: true);
        }
    }

    public void Require() => Prerequisite.Require(Problem);

    private static string Script(string name) => Path.Combine(RepoRoot, "scripts/servers", name);

    private static Dictionary<string, string> Values(string output) =>
        output.Split('\n').Where(l => l.Contains('=')).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..].Trim());

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["SFTP_OWNER_PID"] = psi.Environment["WEBDAV_OWNER_PID"] = psi.Environment["S3_OWNER_PID"] = Environment.ProcessId.ToString();
        psi.Environment["SFTP_USER"] = SshUser;
        psi.Environment["SFTP_PASSWORD"] = SshPassword;
        psi.Environment["WEBDAV_USER"] = DavUser;
        psi.Environment["WEBDAV_PASSWORD"] = DavPassword;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({p.ExitCode}): {await stderr}");
        }

        return await stdout;
    }

    /// <summary>A free port from <paramref name="start"/> on, within this branch's range (23000-23499).</summary>
    private static int FreePort(int start)
    {
        for (var port = start; port < 23500; port++)
        {
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

        throw new InvalidOperationException($"no free port from {start} to 23499");
    }
}

[CollectionDefinition("rclone")]
public sealed class RcloneCollection : ICollectionFixture<RcloneRemotes>;
