using System.Text.Json;
using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>
/// Issue 10 item 9, "status tells the truth", with real escale/escalectl processes on a local relay:
/// after deletes, conflicts resolved by hand, frees and restarts, with and without an agent. Each
/// test failed before the change. The agents run with a long refresh, so that what status says comes
/// from what the agent knows, not from a pass that happened to run in between.
/// </summary>
public sealed class StatusTruthTests : IDisposable
{
    private readonly TwoNodeSetup _setup = new("refresh = 600");
    private readonly Dictionary<string, string> _env;

    public StatusTruthTests()
    {
        _env = new() { ["XDG_RUNTIME_DIR"] = Path.Combine(_setup.Root, "run") };
        Directory.CreateDirectory(_env["XDG_RUNTIME_DIR"]);
    }

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task A_conflict_copy_shows_conflict_until_deleted_then_deleted_here()
    {
        var copy = await MakeConflictAtBAsync();
        Assert.Equal("conflict", FileLine(await StatusAsync(_setup.ConfB), copy));

        File.Delete(Path.Combine(_setup.B, copy));
        Assert.Equal("deleted here; not propagated", FileLine(await StatusAsync(_setup.ConfB), copy));

        // An agent sends the deletion (a tombstone) at its first pass; the file then has no state left to show.
        using var agent = await StartAgentAsync(_setup.ConfB);
        await RunOkAsync("escalectl", "wait-idle", "-c", _setup.ConfB);
        Assert.Null(FileLine(await StatusAsync(_setup.ConfB), copy));
        await RunOkAsync("escalectl", "stop", "-c", _setup.ConfB);
    }

    [Fact]
    public async Task A_file_deleted_here_shows_deleted_here_with_and_without_agent()
    {
        await PushFromAToBAsync("gone.txt", "soon deleted");
        File.Delete(Path.Combine(_setup.B, "gone.txt"));
        Assert.Equal("deleted here; not propagated", FileLine(await StatusAsync(_setup.ConfB), "gone.txt"));

        using var agent = await StartAgentAsync(_setup.ConfB);
        await RunOkAsync("escalectl", "wait-idle", "-c", _setup.ConfB);
        Assert.Null(FileLine(await StatusAsync(_setup.ConfB), "gone.txt")); // sent: nothing left here to show
        Assert.Contains("\ndeleted: ", File.ReadAllText(Path.Combine(_setup.Relay, ".gone.txt.placeholder")), StringComparison.Ordinal);
        await RunOkAsync("escalectl", "stop", "-c", _setup.ConfB);
    }

    [Fact]
    public async Task A_file_pulled_and_freed_is_not_on_relay_for_a_running_pusher()
    {
        await RunOkAsync("escalectl", "init", "-c", _setup.ConfA);
        await RunOkAsync("escale", "-c", _setup.ConfB, "--once"); // B is a member: the push names it
        using var agent = await StartAgentAsync(_setup.ConfA);
        WriteOld(_setup.A, "freed.txt", "delivered soon");
        await RunOkAsync("escalectl", "wait-idle", "-c", _setup.ConfA);
        Assert.Equal("on relay (pulled by 0 of 1; waiting: nodeB)", FileLine(await StatusAsync(_setup.ConfA), "freed.txt"));

        var pulled = await RunOkAsync("escale", "-c", _setup.ConfB, "--once");
        Assert.Contains("removed from the relay", pulled, StringComparison.Ordinal);
        var status = await StatusAsync(_setup.ConfA); // no pass of A in between (refresh 600 s)
        Assert.DoesNotContain("freed.txt: on relay", status, StringComparison.Ordinal);

        await RunOkAsync("escalectl", "stop", "-c", _setup.ConfA);
        Assert.Equal("local", FileLine(await StatusAsync(_setup.ConfA), "freed.txt"));
    }

    [Fact]
    public async Task A_lone_pusher_says_it_waits_for_a_puller_to_join()
    {
        await RunOkAsync("escalectl", "init", "-c", _setup.ConfA);
        WriteOld(_setup.A, "alone.txt", "nobody else yet");
        await RunOkAsync("escale", "-c", _setup.ConfA, "--once");
        var status = await StatusAsync(_setup.ConfA);
        Assert.Equal("on relay (waiting for a puller to join)", FileLine(status, "alone.txt"));
        Assert.DoesNotContain("of 0", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_payload_shows_who_is_owed_it_with_and_without_agent()
    {
        File.AppendAllText(_setup.ConfA, "\npayload expiry = 2s\n");
        await RunOkAsync("escalectl", "init", "-c", _setup.ConfA);
        await RunOkAsync("escale", "-c", _setup.ConfB, "--once"); // B is a member, then stays away
        WriteOld(_setup.A, "late.txt", "B never comes for it");
        await RunOkAsync("escale", "-c", _setup.ConfA, "--once");
        Assert.Equal("on relay (pulled by 0 of 1; waiting: nodeB)", FileLine(await StatusAsync(_setup.ConfA), "late.txt"));

        await Task.Delay(TimeSpan.FromSeconds(2.2)); // past the deadline (push time in whole seconds + 2 s)
        var pass = await RunOkAsync("escale", "-c", _setup.ConfA, "--once");
        Assert.Contains("late.txt: not pulled by nodeB within the payload expiry (2s); removed from the relay", pass, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_setup.Relay, "late.txt")));
        Assert.Contains("\nexpired: ", File.ReadAllText(Path.Combine(_setup.Relay, ".late.txt.placeholder")), StringComparison.Ordinal);

        Assert.Equal("expired on relay, owed: nodeB", FileLine(await StatusAsync(_setup.ConfA), "late.txt"));
        Assert.Equal("expired on relay, owed to this node", FileLine(await StatusAsync(_setup.ConfB), "late.txt"));
        using var agent = await StartAgentAsync(_setup.ConfA);
        await RunOkAsync("escalectl", "wait-idle", "-c", _setup.ConfA);
        Assert.Equal("expired on relay, owed: nodeB", FileLine(await StatusAsync(_setup.ConfA), "late.txt"));
        using var json = JsonDocument.Parse(await RunOkAsync("escalectl", "status", "--json", "-c", _setup.ConfA));
        var file = json.RootElement.GetProperty("repositories")[0].GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "late.txt");
        Assert.Equal("expired", file.GetProperty("state").GetString());
        await RunOkAsync("escalectl", "stop", "-c", _setup.ConfA);
    }

    [Fact]
    public async Task Status_is_the_same_before_and_after_a_restart()
    {
        var c = Directory.CreateDirectory(Path.Combine(_setup.Root, "c")).FullName;
        var confC = Path.Combine(_setup.Root, "c.conf");
        File.WriteAllText(confC, File.ReadAllText(_setup.ConfB).Replace(_setup.B, c, StringComparison.Ordinal)
            .Replace("nodeB", "nodeC", StringComparison.Ordinal).Replace("cache-b", "cache-c", StringComparison.Ordinal));
        await RunOkAsync("escalectl", "init", "-c", _setup.ConfA);
        await RunOkAsync("escale", "-c", _setup.ConfB, "--once");
        var agent = await StartAgentAsync(_setup.ConfA);
        WriteOld(_setup.A, "freed.txt", "leaves the relay");
        WriteOld(_setup.A, "removed.txt", "deleted at A");
        await RunOkAsync("escalectl", "wait-idle", "-c", _setup.ConfA); // both for B only
        await RunOkAsync("escale", "-c", confC, "--once"); // C joins (its pulls of those do not count)
        WriteOld(_setup.A, "kept.txt", "waits for C");
        await RunOkAsync("escalectl", "wait-idle", "-c", _setup.ConfA); // for B and C
        await RunOkAsync("escalectl", "stop", "-c", _setup.ConfA);
        agent.Dispose();

        // While A is stopped: B takes all three (freed.txt and removed.txt leave the relay, kept.txt
        // waits for C) and A's user deletes removed.txt.
        File.Delete(Path.Combine(_setup.A, "removed.txt"));
        await RunOkAsync("escale", "-c", _setup.ConfB, "--once");

        var offline = await StatusAsync(_setup.ConfA);
        using var again = await StartAgentAsync(_setup.ConfA);
        var first = await StatusAsync(_setup.ConfA); // before or during the first pass
        await RunOkAsync("escalectl", "wait-idle", "-c", _setup.ConfA);
        var settled = await StatusAsync(_setup.ConfA);
        foreach (var status in new[] { offline, first, settled })
        {
            Assert.DoesNotContain("freed.txt: on relay", status, StringComparison.Ordinal);
        }

        Assert.Equal("deleted here; not propagated", FileLine(offline, "removed.txt"));
        Assert.Contains(FileLine(first, "removed.txt"), new[] { "deleted here; not propagated", null }); // the first pass may have sent it
        Assert.Null(FileLine(settled, "removed.txt")); // sent by the agent's pass

        Assert.Equal("on relay (pulled by 1 of 2: nodeB; waiting: nodeC)", FileLine(offline, "kept.txt"));
        Assert.Equal("on relay (pulled by 1 of 2: nodeB; waiting: nodeC)", FileLine(settled, "kept.txt"));
        await RunOkAsync("escalectl", "stop", "-c", _setup.ConfA);
    }

    [Fact]
    public async Task A_newer_version_offered_is_one_line_offered_without_an_agent()
    {
        await PushFromAToBAsync("news.txt", "v1");
        File.WriteAllText(Path.Combine(_setup.A, "news.txt"), "v2");
        await RunOkAsync("escale", "-c", _setup.ConfA, "--once");
        var status = await StatusAsync(_setup.ConfB);
        Assert.Equal("offered", FileLine(status, "news.txt"));
        Assert.Single(status.Split('\n'), l => l.StartsWith("[repo] file: news.txt:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Conflicts_lists_each_copy_with_both_origins()
    {
        var copy = await MakeConflictAtBAsync();
        var plain = await RunOkAsync("escalectl", "conflicts", "-c", _setup.ConfB);
        var line = plain.Split('\n').Single(l => l.Contains(copy, StringComparison.Ordinal));
        Assert.Contains("of f.txt", line, StringComparison.Ordinal);
        Assert.Contains("copy made by nodeB", line, StringComparison.Ordinal);
        Assert.Contains("kept version by nodeA", line, StringComparison.Ordinal);

        var json = await RunOkAsync("escalectl", "conflicts", "--json", "-c", _setup.ConfB);
        using var doc = JsonDocument.Parse(json);
        var entry = doc.RootElement.EnumerateArray().Single();
        Assert.Equal("repo", entry.GetProperty("repository").GetString());
        Assert.Equal(copy, entry.GetProperty("copy").GetString());
        Assert.Equal("f.txt", entry.GetProperty("file").GetString());
        Assert.Equal("nodeB", entry.GetProperty("copyBy").GetString());
        Assert.Equal("nodeA", entry.GetProperty("keptBy").GetString());
        var made = entry.GetProperty("copyTime").GetDateTimeOffset();
        Assert.InRange(made, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));

        File.Delete(Path.Combine(_setup.B, copy));
        var none = await RunOkAsync("escalectl", "conflicts", "-c", _setup.ConfB);
        Assert.Contains("[repo] no conflict copy", none, StringComparison.Ordinal);
    }

    /// <summary>f.txt agreed on A and B, then changed on both; A's newer version wins, B keeps its own as a copy (pushed).</summary>
    private async Task<string> MakeConflictAtBAsync()
    {
        await PushFromAToBAsync("f.txt", "v0");
        File.WriteAllText(Path.Combine(_setup.A, "f.txt"), "A's version");
        await RunOkAsync("escale", "-c", _setup.ConfA, "--once");
        WriteOld(_setup.B, "f.txt", "B's version");
        await RunOkAsync("escale", "-c", _setup.ConfB, "--once");
        await RunOkAsync("escale", "-c", _setup.ConfB, "--once"); // pushes the copy: it has a record now
        Assert.Equal("A's version", File.ReadAllText(Path.Combine(_setup.B, "f.txt")));
        return Path.GetFileName(Directory.GetFiles(_setup.B, "f.escale-conflict-*-nodeB.txt").Single());
    }

    private async Task PushFromAToBAsync(string name, string content)
    {
        await RunOkAsync("escalectl", "init", "-c", _setup.ConfA);
        await RunOkAsync("escale", "-c", _setup.ConfB, "--once");
        WriteOld(_setup.A, name, content);
        await RunOkAsync("escale", "-c", _setup.ConfA, "--once");
        await RunOkAsync("escale", "-c", _setup.ConfB, "--once");
        Assert.Equal(content, File.ReadAllText(Path.Combine(_setup.B, name)));
    }

    private static void WriteOld(string root, string name, string content)
    {
        var path = Path.Combine(root, name);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
    }

    /// <summary>The state shown on the "file: NAME: STATE" line, or null when the file is not listed.</summary>
    private static string? FileLine(string status, string name)
    {
        var prefix = $"[repo] file: {name}: ";
        return status.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }

    private async Task<string> StatusAsync(string conf) => await RunOkAsync("escalectl", "status", "-c", conf);

    private async Task<CliProcess> StartAgentAsync(string conf)
    {
        var agent = CliProcess.Start("escale", ["-c", conf], env: _env);
        for (var i = 0; i < 600; i++)
        {
            var (_, output) = await CliProcess.RunAsync("escalectl", ["status", "-c", conf], env: _env);
            if (output.Contains("agent: running", StringComparison.Ordinal))
            {
                return agent;
            }

            Assert.False(agent.HasExited, agent.Output);
            await Task.Delay(100);
        }

        throw new TimeoutException("the agent did not answer: " + agent.Output);
    }

    private async Task<string> RunOkAsync(params string[] args)
    {
        var (code, output) = await CliProcess.RunAsync(args[0], args[1..], env: _env);
        Assert.True(code == 0, $"{string.Join(' ', args)} exited {code}:\n{output}");
        return output;
    }
}
