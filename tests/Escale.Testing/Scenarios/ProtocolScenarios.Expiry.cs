using Escale.Sync;
using Escale.Sync.Status;
using Xunit;

namespace Escale.Testing.Scenarios;

/// <summary>Payload expiry (issue 15) with a manual clock, on every store: the payload leaves at the deadline, the late puller is owed and served on return.</summary>
public abstract partial class ProtocolScenarios
{
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(1);

    /// <summary>A manual clock on a whole second of now (push times are whole seconds: the deadline is then exact).</summary>
    private static ManualTimeProvider WholeSecondClock() => new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    private async Task<ScenarioNode[]> MembersAsync(TimeProvider clock, Func<SyncOptions, SyncOptions>? configure, params string[] names)
    {
        var nodes = new List<ScenarioNode>();
        foreach (var name in names)
        {
            nodes.Add(await NodeAsync(name, configure, time: clock));
        }

        foreach (var n in nodes)
        {
            await n.SyncAsync();
        }

        return [.. nodes];
    }

    [SkippableFact]
    public async Task An_expired_payload_leaves_at_the_deadline_and_is_served_to_the_late_puller_on_return()
    {
        SkipKnownGap(nameof(An_expired_payload_leaves_at_the_deadline_and_is_served_to_the_late_puller_on_return));
        var clock = WholeSecondClock();
        var n = await MembersAsync(clock, o => o with { PayloadExpiry = Expiry }, "xA", "xB", "xC");
        var (a, b, c) = (n[0], n[1], n[2]); // C goes offline
        a.Write("late.txt", "for everyone");
        Assert.Equal(1, (await a.SyncAsync()).Pushed);
        Assert.Contains("\npushed: " + clock.GetUtcNow().ToUnixTimeSeconds(), await RelayTextAsync(a, ".late.txt.placeholder"), StringComparison.Ordinal);
        Assert.Equal(1, (await b.SyncAsync()).Pulled);

        clock.Advance(Expiry - TimeSpan.FromSeconds(1));
        Assert.Empty((await a.SyncAsync()).Expired);
        Assert.True(await OnRelayAsync(a, "late.txt"), "one second before the deadline the payload is still there");

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty((await b.SyncAsync()).Expired);
        Assert.True(await OnRelayAsync(a, "late.txt"), "only the pusher removes an expired payload");
        var expired = Assert.Single((await a.SyncAsync()).Expired);
        Assert.Equal("late.txt", expired.Path);
        Assert.Equal(["xC"], expired.Owed);
        Assert.False(await OnRelayAsync(a, "late.txt"), "at the deadline the pusher removes it");
        Assert.Contains("\nexpired: ", await RelayTextAsync(a, ".late.txt.placeholder"), StringComparison.Ordinal);
        var status = a.Engine.Reconciler.Describe("late.txt");
        Assert.Equal(FileState.Expired, status.State);
        Assert.Equal("expired on relay, owed: xC", status.Describe());
        Assert.Contains(a.Engine.Reconciler.DescribeAll(), f => f.Path == "late.txt" && f.State == FileState.Expired);
        Assert.Single(a.Log.Lines, l => l.Message.Contains("within the payload expiry", StringComparison.Ordinal));

        // The payload vanished, but it expired: neither holder uploads it again while C is away.
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, (await b.SyncAsync()).Pushed);
        Assert.Equal(0, (await a.SyncAsync()).Pushed);
        Assert.False(await OnRelayAsync(a, "late.txt"));
        Assert.Single(a.Log.Lines, l => l.Message.Contains("within the payload expiry", StringComparison.Ordinal)); // logged once

        // C comes back: owed, not an error; A (a holder) uploads it again; C pulls it; it leaves.
        clock.Advance(TimeSpan.FromMinutes(10));
        var back = await c.SyncAsync();
        Assert.Equal(0, back.Pulled);
        Assert.Equal("expired on relay, owed to this node", c.Engine.Reconciler.Describe("late.txt").Describe());
        Assert.Equal(1, (await a.SyncAsync()).Pushed);
        Assert.True(await OnRelayAsync(a, "late.txt"));
        Assert.DoesNotContain("\nexpired: ", await RelayTextAsync(a, ".late.txt.placeholder"), StringComparison.Ordinal);
        Assert.Equal(0, (await b.SyncAsync()).Pushed); // the lock and the payload check keep it from uploading twice
        Assert.Equal(1, (await c.SyncAsync()).Pulled);
        Assert.Equal("for everyone", c.Read("late.txt"));
        Assert.False(await OnRelayAsync(a, "late.txt"), "C was the one owed it");
        await a.SyncAsync();
        Assert.NotEqual(FileState.Expired, a.Engine.Reconciler.Describe("late.txt").State);
        Assert.Equal(0, (await a.SyncAsync()).Transfers);
    }

    [SkippableFact]
    public async Task Without_payload_expiry_at_its_pusher_a_payload_waits_for_ever()
    {
        SkipKnownGap(nameof(Without_payload_expiry_at_its_pusher_a_payload_waits_for_ever));
        var clock = WholeSecondClock();
        var a = await NodeAsync("yA", time: clock); // no option: the pusher never expires
        var others = await MembersAsync(clock, o => o with { PayloadExpiry = Expiry }, "yB", "yC");
        var (b, c) = (others[0], others[1]);
        await a.SyncAsync();
        a.Write("kept.txt", "waits for C");
        await a.SyncAsync();
        var placeholder = await RelayTextAsync(a, ".kept.txt.placeholder");
        Assert.DoesNotContain("pushed:", placeholder, StringComparison.Ordinal); // byte for byte as without the option
        await b.SyncAsync();

        clock.Advance(Expiry * 30);
        foreach (var node in new[] { b, a, b })
        {
            Assert.Empty((await node.SyncAsync()).Expired);
        }

        Assert.True(await OnRelayAsync(a, "kept.txt"), "a non-pusher never removes a payload, and a pusher without the option never does");
        Assert.Equal(1, (await c.SyncAsync()).Pulled);
        Assert.False(await OnRelayAsync(a, "kept.txt"));
    }
}
