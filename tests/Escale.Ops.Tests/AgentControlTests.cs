using Escale.Sync.State;

namespace Escale.Ops.Tests;

/// <summary>status, queue, wait-idle, access and stop against a running agent, and the same commands without one.</summary>
public sealed class AgentControlTests : IDisposable
{
    private readonly OpsSetup _setup = new("puller count = 1");

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Status_wait_idle_and_stop_talk_to_the_running_agent()
    {
        OpsSetup.WriteFile(_setup.A, "report.pdf", "version 1");
        using var agent = await _setup.StartAgentAsync(_setup.ConfA);

        // The agent pushes on its own; the per-file line comes from the agent's engine.
        string status = "";
        for (var i = 0; i < 120 && !status.Contains("file: report.pdf: on relay", StringComparison.Ordinal); i++)
        {
            await Task.Delay(250);
            (_, status) = await _setup.CtlAsync("status", "-c", _setup.ConfA);
        }

        Assert.Contains($"agent: running (pid {agent.Id})", status, StringComparison.Ordinal);
        Assert.Contains("[repo] relay file://", status, StringComparison.Ordinal);
        Assert.Contains("file: report.pdf: on relay (pulled by 0 of 1)", status, StringComparison.Ordinal);

        var (idle, idleOut) = await _setup.CtlAsync("wait-idle", "-c", _setup.ConfA, "--timeout", "60");
        Assert.True(idle == 0, idleOut);
        var (queue, queueOut) = await _setup.CtlAsync("queue", "-c", _setup.ConfA);
        Assert.True(queue == 0, queueOut);
        Assert.Contains("queued: 0, transferring: 0", queueOut, StringComparison.Ordinal);

        var (stop, stopOut) = await _setup.CtlAsync("stop", "-c", _setup.ConfA);
        Assert.True(stop == 0, stopOut);
        Assert.Contains($"stopped escale (pid {agent.Id})", stopOut, StringComparison.Ordinal);
        await agent.WaitAsync(TimeSpan.FromSeconds(30));

        // No agent now: the same facts come from the local state and the relay.
        var (code, offline) = await _setup.CtlAsync("status", "-c", _setup.ConfA);
        Assert.True(code == 0, offline);
        Assert.Contains("agent: not running", offline, StringComparison.Ordinal);
        Assert.Contains("file: report.pdf: on relay (pulled by 0 of 1)", offline, StringComparison.Ordinal);
        var (_, fromB) = await _setup.CtlAsync("status", "-c", _setup.ConfB);
        Assert.Contains("offer: report.pdf from nodeA", fromB, StringComparison.Ordinal);
        var (stopAgain, nothing) = await _setup.CtlAsync("stop", "-c", _setup.ConfA);
        Assert.True(stopAgain == 0, nothing);
        Assert.Contains("nothing to stop", nothing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_idle_without_an_agent_reads_the_durable_queue()
    {
        var (empty, emptyOut) = await _setup.CtlAsync("wait-idle", "-c", _setup.ConfA, "--timeout", "1");
        Assert.True(empty == 0, emptyOut);

        // Held open (locked) throughout, as an agent starting right now would: reading must not need the lock.
        using var state = StateStore.Open(_setup.StateDirA);
        state.Enqueue("pending.txt");

        var (code, output) = await _setup.CtlAsync("wait-idle", "-c", _setup.ConfA, "--timeout", "0.5");
        Assert.Equal(1, code);
        Assert.Contains("not idle after 0.5 s: [repo] 1 queued", output, StringComparison.Ordinal);
        var (_, queue) = await _setup.CtlAsync("queue", "-c", _setup.ConfA);
        Assert.Contains("[repo] queued: pending.txt", queue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_flags_decide_what_is_pushed_and_what_a_pull_overwrites()
    {
        OpsSetup.WriteFile(_setup.A, "private.txt", "stays here");
        OpsSetup.WriteFile(_setup.A, "shared/notes.txt", "v1");
        var (set, setOut) = await _setup.CtlAsync("access", "-c", _setup.ConfA, "private.txt", "r-");
        Assert.True(set == 0, setOut);
        Assert.Equal("private.txt: r- w?", setOut.Trim());
        var (_, query) = await _setup.CtlAsync("access", "-c", _setup.ConfA, Path.Combine(_setup.A, "private.txt"));
        Assert.Equal("private.txt: r- w?", query.Trim());

        await _setup.SyncAsync(_setup.ConfA);
        Assert.False(File.Exists(Path.Combine(_setup.Relay, "private.txt")));
        Assert.False(File.Exists(Path.Combine(_setup.Relay, ".private.txt.placeholder")));
        await _setup.SyncAsync(_setup.ConfB);
        Assert.Equal("v1", File.ReadAllText(Path.Combine(_setup.B, "shared/notes.txt")));
        Assert.False(File.Exists(Path.Combine(_setup.B, "private.txt")));

        // B forbids overwriting its copy, through its running agent (which owns B's state).
        using (var agentB = await _setup.StartAgentAsync(_setup.ConfB))
        {
            var (w, wOut) = await _setup.CtlAsync("access", "-c", _setup.ConfB, "shared/notes.txt", "w-");
            Assert.True(w == 0, wOut);
            Assert.Equal("shared/notes.txt: r? w-", wOut.Trim());
            var (stop, stopOut) = await _setup.CtlAsync("stop", "-c", _setup.ConfB);
            Assert.True(stop == 0, stopOut);
            await agentB.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var (_, persisted) = await _setup.CtlAsync("access", "-c", _setup.ConfB, "shared/notes.txt");
        Assert.Equal("shared/notes.txt: r? w-", persisted.Trim());
        OpsSetup.WriteFile(_setup.A, "shared/notes.txt", "v2 from A");
        File.SetLastWriteTimeUtc(Path.Combine(_setup.A, "shared/notes.txt"), DateTime.UtcNow);
        await _setup.SyncAsync(_setup.ConfA);
        Assert.True(File.Exists(Path.Combine(_setup.Relay, "shared/notes.txt")));
        await _setup.RunAsync("escale", "-c", _setup.ConfB, "--once");
        Assert.Equal("v1", File.ReadAllText(Path.Combine(_setup.B, "shared/notes.txt")));

        // w? restores the default: the new version comes in.
        var (reset, resetOut) = await _setup.CtlAsync("access", "-c", _setup.ConfB, "shared/notes.txt", "w?");
        Assert.Equal("shared/notes.txt: r? w?", resetOut.Trim());
        Assert.Equal(0, reset);
        await _setup.SyncAsync(_setup.ConfB);
        Assert.Equal("v2 from A", File.ReadAllText(Path.Combine(_setup.B, "shared/notes.txt")));
    }

    [Fact]
    public async Task Restart_stops_the_agent_and_starts_it_again_the_same_way()
    {
        using var agent = await _setup.StartAgentAsync(_setup.ConfA);
        var (code, output) = await _setup.CtlAsync("restart", "-c", _setup.ConfA);
        Assert.True(code == 0, output);
        await agent.WaitAsync(TimeSpan.FromSeconds(30));
        var match = System.Text.RegularExpressions.Regex.Match(output, @"started again: pid (\d+)");
        Assert.True(match.Success, output);
        var pid = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var socket = Path.Combine(_setup.Env["XDG_RUNTIME_DIR"], "escale", $"agent-{pid}.sock");
            for (var i = 0; i < 240 && !File.Exists(socket); i++)
            {
                await Task.Delay(250);
            }

            var (_, status) = await _setup.CtlAsync("status", "-c", _setup.ConfA);
            Assert.Contains($"agent: running (pid {pid})", status, StringComparison.Ordinal);
            var (stop, stopOut) = await _setup.CtlAsync("stop", "-c", _setup.ConfA);
            Assert.True(stop == 0, stopOut);
        }
        finally
        {
            // Not our child (it runs in its own session): end it by its id if the test failed midway.
            try
            {
                using var restarted = System.Diagnostics.Process.GetProcessById(pid);
                restarted.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
            }
        }
    }
}
