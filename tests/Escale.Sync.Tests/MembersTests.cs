using System.Text;
using Escale.Relay.Local;
using Escale.Sync.Members;
using Escale.Sync.Protocol;

namespace Escale.Sync.Tests;

/// <summary>
/// The delivery issue's scenarios on a local relay: named members, late joiners, duplicate names,
/// made-up peers, retiring a node. Each failed before members existed.
/// </summary>
public sealed class MembersTests : IDisposable
{
    private readonly Network _net = new();

    public void Dispose() => _net.Dispose();

    /// <summary>Scenario 1: a late joiner's pull does not count for the offline member the version was pushed for.</summary>
    [Fact]
    public async Task A_late_joiner_does_not_take_a_delivery_meant_for_an_offline_member()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        await a.SyncAsync();
        await b.SyncAsync(); // both are members now; B goes offline
        a.Write("second.txt", "for B");
        await a.SyncAsync();
        Assert.Contains("expect: B", _net.RelayText(".second.txt.placeholder"), StringComparison.Ordinal);

        var c = _net.Add("C");
        var joined = await c.SyncAsync();
        Assert.Equal(1, joined.Pulled);
        Assert.True(_net.RelayHas("second.txt"), "C is not an expected puller: the payload must wait for B");
        await a.SyncAsync();
        Assert.Equal("on relay (pulled by 1 of 2: C; waiting: B)", a.Engine.Reconciler.Describe("second.txt").Describe());

        var back = await b.SyncAsync();
        Assert.Equal(1, back.Pulled);
        Assert.Equal("for B", b.Read("second.txt"));
        Assert.False(_net.RelayHas("second.txt"), "every expected puller has it");
    }

    /// <summary>Scenario 1, second half: a node that joins later gets what was delivered before it joined.</summary>
    [Fact]
    public async Task A_late_joiner_catches_up_on_files_delivered_before_it_joined()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        await a.SyncAsync();
        await b.SyncAsync();
        a.Write("first.txt", "old news");
        a.Write("sub/deep.txt", "older news");
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.False(_net.RelayHas("first.txt"));

        var c = _net.Add("C");
        await c.SyncAsync(); // registers; nothing on the relay for it yet
        Assert.False(c.Has("first.txt"));
        await a.SyncAsync(); // A holds both versions and C lacks them: offered again
        await b.SyncAsync(); // B holds them too: the lock and the payload check keep it from uploading twice
        Assert.Contains("expect: B,C", _net.RelayText(".first.txt.placeholder"), StringComparison.Ordinal);
        var caught = await c.SyncAsync();
        Assert.Equal(2, caught.Pulled);
        Assert.Equal("old news", c.Read("first.txt"));
        Assert.Equal("older news", c.Read("sub/deep.txt"));
        Assert.False(_net.RelayHas("first.txt"), "C was the only one owed it");

        var quiet = await a.SyncAsync();
        Assert.Equal(0, quiet.Transfers); // served once: no second upload
    }

    /// <summary>Scenario 3: two nodes with one client name (cloned machines) are detected; the newer refuses.</summary>
    [Fact]
    public async Task Two_nodes_with_one_name_are_refused_with_one_line()
    {
        var first = _net.Add("vm");
        await first.SyncAsync();
        var clone = _net.AddTwin("vm");
        var e = await Assert.ThrowsAsync<MemberConflictException>(clone.SyncAsync);
        Assert.Contains("already uses the client name 'vm'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);

        Assert.DoesNotContain(_net.MemberFiles(), f => f.Contains(clone.State.NodeId, StringComparison.Ordinal)); // refused before joining

        first.Write("note.txt", "from the first vm");
        var still = await first.SyncAsync(); // the first one keeps working
        Assert.Equal(1, still.Pushed);
        await Assert.ThrowsAsync<MemberConflictException>(clone.SyncAsync);
        Assert.False(clone.Has("note.txt"));
    }

    /// <summary>Scenario 8: names in a placeholder never become members, and a huge list costs nothing durable.</summary>
    [Fact]
    public async Task Made_up_puller_names_neither_become_members_nor_cost_journal_writes()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        await a.SyncAsync();
        await b.SyncAsync();
        a.Write("f.txt", "data");
        await a.SyncAsync();
        var hostile = new StringBuilder(_net.RelayText(".f.txt.placeholder"));
        for (var i = 0; i < 60_000; i++)
        {
            hostile.Append("\nghost-").Append(i);
        }

        File.WriteAllText(_net.RelayPath(".f.txt.placeholder"), hostile.ToString());
        var journal = Path.Combine(b.StateDir, "state.journal");
        var before = new FileInfo(journal).Length;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var pulled = await b.SyncAsync();
        watch.Stop();
        Assert.Equal(1, pulled.Pulled);
        Assert.Equal(["A", "B"], b.Engine.Context.Members.Active.Select(m => m.Name).Order());
        Assert.True(new FileInfo(journal).Length - before < 4096, "a pull is a few journal lines, whatever the placeholder lists");
        Assert.True(_net.RelayHas("f.txt") == false, "B was the one expected puller; ghosts do not hold the payload");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_retired_member_stops_holding_payloads_and_joins_again_when_it_returns()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        var c = _net.Add("C");
        await a.SyncAsync();
        await b.SyncAsync();
        await c.SyncAsync();
        a.Write("x.txt", "x");
        await a.SyncAsync();
        await c.SyncAsync();
        Assert.True(_net.RelayHas("x.txt"), "still waiting for B");

        var store = new LocalFolderStore(_net.RelayDir, "00000000");
        var members = await MemberDirectory.ReadAsync(store, CancellationToken.None);
        var retired = await MemberDirectory.RetireAsync(store, members, "B", DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.True(retired?.IsRetired);
        await a.SyncAsync();
        Assert.False(_net.RelayHas("x.txt"), "B no longer blocks the delivery");

        _net.Clock.Advance(TimeSpan.FromMinutes(1));
        var back = await b.SyncAsync(); // B runs again: a member anew, and it catches up
        Assert.Contains(b.Log.Lines, l => l.Message.Contains("was retired from the repository", StringComparison.Ordinal));
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.Equal("x", b.Read("x.txt"));
        Assert.Equal(0, back.Failed);
    }

    [Fact]
    public void Placeholders_keep_the_expect_line_readable_by_original_nodes()
    {
        var ph = new Placeholder("A", 1700000000, "ab", ["B"]) { Expect = ["B", "C"] };
        var text = Encoding.UTF8.GetString(ph.ToBytes());
        Assert.Equal("placeholder%1.0\npusher: A\ntimestamp: 1700000000\nchecksum: ab\nexpect: B,C\n---pullers---\nB", text);
        foreach (var line in text.Split('\n').Where(l => l.Contains(':')))
        {
            Assert.True(line.Split(':').Length == 2, $"an original node rejects a line with two colons: {line}");
        }

        var back = Placeholder.Parse(ph.ToBytes());
        Assert.Equal(["B", "C"], back.Expect);
        Assert.Null(Placeholder.Parse(Encoding.UTF8.GetBytes("placeholder%1.0\npusher: A\n---pullers---")).Expect);
    }

    [Theory]
    [InlineData("nodeA", null)]
    [InlineData("a b", null)]
    [InlineData("", "empty")]
    [InlineData("a:b", "',' or ':'")]
    [InlineData("a,b", "',' or ':'")]
    [InlineData("a\u001bb", "control characters")]
    [InlineData(" a", "leading or trailing spaces")]
    public void Node_names_are_checked(string name, string? problem) => Assert.Equal(problem, NodeNames.Problem(name));
}
