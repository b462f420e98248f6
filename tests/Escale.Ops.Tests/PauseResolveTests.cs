using System.Text.Json;

namespace Escale.Ops.Tests;

/// <summary><c>escalectl pause/resume</c> and <c>resolve</c> against real agents on a local relay.</summary>
public sealed class PauseResolveTests : IDisposable
{
    private readonly OpsSetup _setup = new("puller count = 1");

    public void Dispose() => _setup.Dispose();

    private async Task<string> OkAsync(params string[] args)
    {
        var (code, output) = await _setup.CtlAsync(args);
        Assert.True(code == 0, string.Join(' ', args) + ": " + output);
        return output;
    }

    private bool OnRelay(string name) => File.Exists(Path.Combine(_setup.Relay, RelayPlaceholder(name)));

    private static string RelayPlaceholder(string name) => Escale.Sync.Protocol.RelayNames.PlaceholderName(name);

    [Fact]
    public async Task A_paused_agent_starts_no_pass_until_resumed_or_until_its_time_is_up()
    {
        var (none, noneOut) = await _setup.CtlAsync("pause", "-c", _setup.ConfA);
        Assert.True(none != 0, noneOut);
        Assert.Contains("[repo]: no agent is running; nothing to pause", noneOut, StringComparison.Ordinal);

        using var agent = await _setup.StartAgentAsync(_setup.ConfA);
        await OkAsync("wait-idle", "-c", _setup.ConfA, "--timeout", "60");
        var paused = await OkAsync("pause", "-c", _setup.ConfA);
        Assert.Contains("[repo] paused (since ", paused, StringComparison.Ordinal);
        Assert.Contains("until resumed)", paused, StringComparison.Ordinal);
        var status = await OkAsync("status", "-c", _setup.ConfA);
        Assert.Contains("[repo] agent: running (pid ", status, StringComparison.Ordinal);
        Assert.Contains("paused (since ", status, StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(await OkAsync("status", "--json", "-c", _setup.ConfA)))
        {
            var repo = doc.RootElement.GetProperty("repositories")[0];
            Assert.NotEqual(JsonValueKind.Null, repo.GetProperty("pausedSince").ValueKind);
            Assert.Equal(JsonValueKind.Null, repo.GetProperty("pausedUntil").ValueKind);
        }

        // Refresh is 1 s: running, the agent would have pushed it several times over by now.
        OpsSetup.WriteFile(_setup.A, "p.txt", "while paused");
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(OnRelay("p.txt"), "pushed while paused");

        Assert.Contains("[repo] running", await OkAsync("resume", "-c", _setup.ConfA), StringComparison.Ordinal);
        await OkAsync("wait-idle", "-c", _setup.ConfA, "--timeout", "60");
        Assert.True(OnRelay("p.txt"), "not pushed after resume");

        // --for: the agent ends the pause by itself (escalectl has exited long before).
        using (var doc = JsonDocument.Parse(await OkAsync("pause", "-c", _setup.ConfA, "--for", "2s", "--json")))
        {
            var repo = doc.RootElement.GetProperty("repositories")[0];
            Assert.True(repo.GetProperty("paused").GetBoolean());
            Assert.True(repo.GetProperty("pausedUntil").GetDateTimeOffset() > repo.GetProperty("pausedSince").GetDateTimeOffset());
        }

        var resumed = false;
        for (var i = 0; i < 120 && !resumed; i++)
        {
            resumed = !(await OkAsync("status", "-c", _setup.ConfA)).Contains("paused (since", StringComparison.Ordinal);
            if (!resumed)
            {
                await Task.Delay(500);
            }
        }

        Assert.True(resumed, "the --for pause never ended");
        var (bad, badOut) = await _setup.CtlAsync("pause", "-c", _setup.ConfA, "--for", "soon");
        Assert.True(bad != 0, badOut);
        Assert.Single(badOut.Trim().Split('\n'));
        Assert.Contains("invalid duration 'soon'", badOut, StringComparison.Ordinal);
        await OkAsync("stop", "-c", _setup.ConfA);
        await agent.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Resolve_theirs_without_an_agent_and_mine_through_one_then_the_result_travels()
    {
        await MakeConflictsAtBAsync("f.txt", "g.txt");

        var theirs = await OkAsync("resolve", "-c", _setup.ConfB, "f.txt", "--keep", "theirs");
        Assert.Contains("f.txt: now has f.escale-conflict-", theirs, StringComparison.Ordinal);
        Assert.Contains("sent by the next run", theirs, StringComparison.Ordinal);
        Assert.Equal("B's version", File.ReadAllText(Path.Combine(_setup.B, "f.txt")));
        Assert.Contains(Directory.GetFiles(Path.Combine(_setup.B, ".escale-trash"), "f.txt", SearchOption.AllDirectories), f => File.ReadAllText(f) == "A's version");

        var listed = await OkAsync("conflicts", "-c", _setup.ConfB);
        Assert.DoesNotContain("of f.txt", listed, StringComparison.Ordinal);
        var g = listed.Split('\n').Single(l => l.Contains("of g.txt", StringComparison.Ordinal));
        Assert.Contains("copy made by nodeB at ", g, StringComparison.Ordinal);
        Assert.Contains("kept version by nodeA, modified ", g, StringComparison.Ordinal);

        using var agent = await _setup.StartAgentAsync(_setup.ConfB);
        using (var doc = JsonDocument.Parse(await OkAsync("resolve", "-c", _setup.ConfB, "g.txt", "--keep", "mine", "--json")))
        {
            Assert.Equal("g.txt", doc.RootElement.GetProperty("file").GetString());
            Assert.StartsWith(".escale-trash/", doc.RootElement.GetProperty("trashed")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("A's version", File.ReadAllText(Path.Combine(_setup.B, "g.txt")));
        Assert.Empty(Directory.GetFiles(_setup.B, "*.escale-conflict-*"));
        var (none, noneOut) = await _setup.CtlAsync("resolve", "-c", _setup.ConfB, "g.txt", "--keep", "both");
        Assert.True(none != 0, noneOut);
        Assert.Single(noneOut.Trim().Split('\n'));
        Assert.Contains("g.txt: no conflict copy beside it", noneOut, StringComparison.Ordinal);

        // B's agent pushes f.txt (an ordinary edit); A takes it.
        await OkAsync("wait-idle", "-c", _setup.ConfB, "--timeout", "60");
        await _setup.SyncAsync(_setup.ConfA);
        Assert.Equal("B's version", File.ReadAllText(Path.Combine(_setup.A, "f.txt")));
        await OkAsync("stop", "-c", _setup.ConfB);
        await agent.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The files agreed on A and B, then changed on both; A's newer versions win, B keeps its own as copies (pushed).</summary>
    private async Task MakeConflictsAtBAsync(params string[] names)
    {
        await _setup.SyncAsync(_setup.ConfB);
        foreach (var n in names)
        {
            OpsSetup.WriteFile(_setup.A, n, "v0");
        }

        await _setup.SyncAsync(_setup.ConfA);
        await _setup.SyncAsync(_setup.ConfB);
        foreach (var n in names)
        {
            File.WriteAllText(Path.Combine(_setup.A, n), "A's version");
        }

        await _setup.SyncAsync(_setup.ConfA);
        foreach (var n in names)
        {
            var path = Path.Combine(_setup.B, n);
            File.WriteAllText(path, "B's version");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
        }

        await _setup.SyncAsync(_setup.ConfB);
        await _setup.SyncAsync(_setup.ConfB); // pushes the copies
        foreach (var n in names)
        {
            Assert.Equal("A's version", File.ReadAllText(Path.Combine(_setup.B, n)));
        }

        Assert.Equal(names.Length, Directory.GetFiles(_setup.B, "*.escale-conflict-*-nodeB.txt").Length);
    }
}
