using System.Text;
using Escale.Core.Paths;
using Escale.Relay;
using Escale.Sync.Members;
using Xunit;

namespace Escale.Testing.Scenarios;

/// <summary>The delivery issue's member scenarios (1, 3 and 8) on every store, not only the local folder.</summary>
public abstract partial class ProtocolScenarios
{
    private static async Task<string> RelayTextAsync(ScenarioNode n, string path)
    {
        await using var s = await n.Store.OpenReadAsync(RelayPath.Parse(path), 0, CancellationToken.None);
        using var reader = new StreamReader(s, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [SkippableFact]
    public async Task A_late_joiner_does_not_take_a_delivery_meant_for_an_offline_member()
    {
        SkipKnownGap(nameof(A_late_joiner_does_not_take_a_delivery_meant_for_an_offline_member));
        var n = await MembersAsync("jA", "jB");
        var (a, b) = (n[0], n[1]); // B goes offline
        a.Write("second.txt", "for B");
        await a.SyncAsync();
        Assert.Contains("expect: jB", await RelayTextAsync(a, ".second.txt.placeholder"), StringComparison.Ordinal);

        var c = await NodeAsync("jC");
        Assert.Equal(1, (await c.SyncAsync()).Pulled);
        Assert.True(await OnRelayAsync(a, "second.txt"), "C is not an expected puller: the payload waits for B");

        Assert.Equal(1, (await b.SyncAsync()).Pulled);
        Assert.Equal("for B", b.Read("second.txt"));
        Assert.False(await OnRelayAsync(a, "second.txt"), "every expected puller has it");
    }

    [SkippableFact]
    public async Task A_late_joiner_catches_up_on_files_delivered_before_it_joined()
    {
        SkipKnownGap(nameof(A_late_joiner_catches_up_on_files_delivered_before_it_joined));
        var n = await MembersAsync("cA", "cB");
        var (a, b) = (n[0], n[1]);
        a.Write("first.txt", "old news");
        a.Write("sub/deep.txt", "older news");
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.False(await OnRelayAsync(a, "first.txt"));

        var c = await NodeAsync("cC");
        await c.SyncAsync(); // registers; nothing on the relay for it yet
        await a.SyncAsync(); // A holds both and C lacks them: uploaded again
        await b.SyncAsync(); // B holds them too: the lock and the payload check keep it from uploading twice
        var caught = await c.SyncAsync();
        Assert.Equal(2, caught.Pulled);
        Assert.Equal("old news", c.Read("first.txt"));
        Assert.Equal("older news", c.Read("sub/deep.txt"));
        Assert.False(await OnRelayAsync(a, "first.txt"), "C was the only one owed it");
        Assert.Equal(0, (await a.SyncAsync()).Transfers); // served once
    }

    [SkippableFact]
    public async Task Two_nodes_with_one_name_are_refused_with_one_line()
    {
        SkipKnownGap(nameof(Two_nodes_with_one_name_are_refused_with_one_line));
        var first = await NodeAsync("vm");
        await first.SyncAsync();
        var clone = await NodeAsync("vm", folder: "vm-clone");
        var e = await Assert.ThrowsAsync<MemberConflictException>(clone.SyncAsync);
        Assert.Contains("already uses the client name 'vm'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);

        first.Write("note.txt", "from the first vm");
        Assert.Equal(1, (await first.SyncAsync()).Pushed); // the first one keeps working
        await Assert.ThrowsAsync<MemberConflictException>(clone.SyncAsync);
        Assert.Null(clone.Read("note.txt"));
    }

    [SkippableFact]
    public async Task Made_up_puller_names_neither_become_members_nor_hold_the_payload()
    {
        SkipKnownGap(nameof(Made_up_puller_names_neither_become_members_nor_hold_the_payload));
        var n = await MembersAsync("gA", "gB");
        var (a, b) = (n[0], n[1]);
        a.Write("f.txt", "data");
        await a.SyncAsync();
        var hostile = new StringBuilder(await RelayTextAsync(a, ".f.txt.placeholder"));
        for (var i = 0; i < 20_000; i++)
        {
            hostile.Append("\nghost-").Append(i);
        }

        await a.Store.WriteAsync(RelayPath.Parse(".f.txt.placeholder"), new MemoryStream(Encoding.UTF8.GetBytes(hostile.ToString())), WriteMode.Overwrite, CancellationToken.None);
        var journal = Path.Combine(b.StateFolder, "state.journal");
        var before = new FileInfo(journal).Length;
        Assert.Equal(1, (await b.SyncAsync()).Pulled);
        Assert.Equal(["gA", "gB"], b.Engine.Context.Members.Active.Select(m => m.Name).Order());
        Assert.True(new FileInfo(journal).Length - before < 4096, "a pull is a few journal lines, whatever the placeholder lists");
        Assert.False(await OnRelayAsync(a, "f.txt"), "B was the one expected puller; ghosts do not hold the payload");
    }
}
