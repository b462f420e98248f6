using Escale.Testing;

namespace Escale.Ops.Tests;

/// <summary>
/// Two nodes (A, B) on one local relay folder, with their own runtime folder so that only the
/// agents a test starts are discovered. Runs <c>escale</c> and <c>escalectl</c> as real processes.
/// </summary>
public sealed class OpsSetup : IDisposable
{
    private readonly TempDir _dir = new("ops");
    private readonly List<CliProcess> _agents = [];

    public OpsSetup(string extra = "")
    {
        Relay = _dir.Sub("relay");
        A = _dir.Sub("a");
        B = _dir.Sub("b");
        Env = new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = _dir.Sub("run") };
        ConfA = Write("a.conf", "nodeA", A, "cache-a", extra);
        ConfB = Write("b.conf", "nodeB", B, "cache-b", extra);
    }

    public string Root => _dir.Path;

    public string Relay { get; }

    public string A { get; }

    public string B { get; }

    public string ConfA { get; }

    public string ConfB { get; }

    public IDictionary<string, string> Env { get; }

    public string Sub(string relative) => _dir.Sub(relative);

    /// <summary>Keyed by the repository's identity (section, local folder, relay): ask the configuration.</summary>
    public string StateDirA => Core.Config.EscaleConfig.Load(ConfA).Repositories[0].StateDir;

    public async Task<(int Code, string Output)> RunAsync(string command, params string[] args)
    {
        using var p = CliProcess.Start(command, args, env: Env);
        var code = await p.WaitAsync(TimeSpan.FromSeconds(90));
        return (code, p.Output);
    }

    public Task<(int Code, string Output)> CtlAsync(params string[] args) => RunAsync("escalectl", args);

    /// <summary>One full pass of a node; fails the test when it does not complete.</summary>
    public async Task SyncAsync(string conf)
    {
        var (code, output) = await RunAsync("escale", "-c", conf, "--once");
        Assert.True(code == 0, output);
    }

    /// <summary>Starts a long-running agent and waits (bounded) until escalectl sees it.</summary>
    public async Task<CliProcess> StartAgentAsync(string conf)
    {
        var agent = CliProcess.Start("escale", ["-c", conf], env: Env);
        _agents.Add(agent);
        // Wait for its control socket (escalectl status would see it too, but costs a process each time).
        var socket = Path.Combine(Env["XDG_RUNTIME_DIR"], "escale", $"agent-{agent.Id}.sock");
        for (var i = 0; i < 240; i++)
        {
            if (File.Exists(socket))
            {
                return agent;
            }

            Assert.False(agent.HasExited, "agent exited: " + agent.Output);
            await Task.Delay(250);
        }

        throw new TimeoutException("agent never answered: " + agent.Output);
    }

    public string Write(string name, string client, string local, string cache, string extra, string? relay = null)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, $"""
            # {client}'s configuration: this comment must survive a migrate
            [repo]
            local path = {local}
            protocol = file
            relay path = {relay ?? Relay}
            client = {client}
            cache dir = {Path.Combine(_dir.Path, cache)}
            settle time = 0
            refresh = 1
            {extra}
            """);
        return path;
    }

    public static void WriteFile(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1)); // settled already
    }

    public void Dispose()
    {
        foreach (var a in _agents)
        {
            a.Dispose();
        }

        _dir.Dispose();
    }
}
