using Escale.Core.Paths;
using Escale.Relay;
using Xunit;

namespace Escale.Testing.Scenarios;

/// <summary>Deletions and renames (issue 10, item 7), on every store: tombstones travel, are applied into the trash, then leave.</summary>
public abstract partial class ProtocolScenarios
{
    private void SkipKnownGap(string scenario) => Skip.If(KnownGap(scenario) is not null, KnownGap(scenario));

    private static async Task<bool> OnRelayAsync(ScenarioNode n, string path) =>
        await n.Store.StatAsync(RelayPath.Parse(path), CancellationToken.None) is not null;

    /// <summary>Names on the relay's root that are neither member records nor the marker.</summary>
    private static async Task<List<string>> RelayNamesAsync(ScenarioNode n)
    {
        var names = new List<string>();
        await foreach (var e in n.Store.ListAsync(RelayPath.Root, CancellationToken.None))
        {
            if (!RelayRecords.IsRecord(e.Name))
            {
                names.Add(e.Name);
            }
        }

        return names.Order(StringComparer.Ordinal).ToList();
    }

    private static string[] Trashed(ScenarioNode n, string name) =>
        Directory.Exists(Path.Combine(n.Root, ".escale-trash"))
            ? Directory.GetFiles(Path.Combine(n.Root, ".escale-trash"), name, SearchOption.AllDirectories)
            : [];

    private static string Log(params ScenarioNode[] nodes) =>
        string.Join("\n", nodes.Select(n => n.Name + ":\n  " + string.Join("\n  ", n.Log.Lines.Select(l => l.Message))));

    /// <summary>Three members; every one registered before anything is pushed, so each version expects the other two.</summary>
    private async Task<ScenarioNode[]> MembersAsync(params string[] names)
    {
        var nodes = new List<ScenarioNode>();
        foreach (var name in names)
        {
            nodes.Add(await NodeAsync(name));
        }

        foreach (var n in nodes)
        {
            await n.SyncAsync();
        }

        return [.. nodes];
    }

    [SkippableFact]
    public async Task A_deletion_reaches_every_member_then_leaves_the_relay()
    {
        SkipKnownGap(nameof(A_deletion_reaches_every_member_then_leaves_the_relay));
        var n = await MembersAsync("delA", "delB", "delC");
        var (a, b, c) = (n[0], n[1], n[2]);
        a.Write("doomed.txt", "soon gone");
        a.Write("kept.txt", "stays");
        await a.SyncAsync();
        await b.SyncAsync();
        await c.SyncAsync();
        Assert.Equal("soon gone", c.Read("doomed.txt"));

        File.Delete(Path.Combine(a.Root, "doomed.txt"));
        Assert.Equal(1, (await a.SyncAsync()).Deleted);
        Assert.False(await OnRelayAsync(a, "doomed.txt"));
        Assert.True(await OnRelayAsync(a, ".doomed.txt.placeholder")); // the tombstone waits for B and C

        await b.SyncAsync();
        Assert.Null(b.Read("doomed.txt"));
        Assert.Equal("soon gone", File.ReadAllText(Assert.Single(Trashed(b, "doomed.txt"))));
        Assert.True(await OnRelayAsync(a, ".doomed.txt.placeholder"), "C has not applied it yet");

        await c.SyncAsync();
        Assert.Null(c.Read("doomed.txt"));
        Assert.Single(Trashed(c, "doomed.txt"));
        Assert.Equal("stays", c.Read("kept.txt"));
        Assert.DoesNotContain(".doomed.txt.placeholder", await RelayNamesAsync(a));

        // Nothing comes back on later passes, on any node.
        foreach (var node in new[] { a, b, c, a })
        {
            var r = await node.SyncAsync();
            Assert.Equal(0, r.Pushed + r.Pulled + r.Deleted);
        }

        Assert.Null(a.Read("doomed.txt"));
    }

    [SkippableFact]
    public async Task An_edit_made_meanwhile_wins_over_a_deletion()
    {
        SkipKnownGap(nameof(An_edit_made_meanwhile_wins_over_a_deletion));
        var n = await MembersAsync("edA", "edB");
        var (a, b) = (n[0], n[1]);
        a.Write("contested.txt", "v1", secondsAgo: 120);
        await a.SyncAsync();
        await b.SyncAsync();

        File.Delete(Path.Combine(a.Root, "contested.txt"));
        b.Write("contested.txt", "v2 edited on B", secondsAgo: 30);
        await a.SyncAsync(); // the tombstone
        await b.SyncAsync(); // B's edit wins: pushed over the tombstone
        await a.SyncAsync();

        Assert.Equal("v2 edited on B", b.Read("contested.txt"));
        Assert.Equal("v2 edited on B", a.Read("contested.txt"));
        Assert.Empty(Trashed(b, "contested.txt"));
    }

    [SkippableFact]
    public async Task A_rename_reaches_the_other_node_without_uploading_the_content()
    {
        SkipKnownGap(nameof(A_rename_reaches_the_other_node_without_uploading_the_content));
        var n = await MembersAsync("mvA", "mvB");
        var (a, b) = (n[0], n[1]);
        a.Write("draft.txt", "the content " + new string('x', 50_000));
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.False(await OnRelayAsync(a, "draft.txt"), "delivered and freed before the rename");

        Directory.CreateDirectory(Path.Combine(a.Root, "final"));
        File.Move(Path.Combine(a.Root, "draft.txt"), Path.Combine(a.Root, "final", "report.txt"));
        await a.SyncAsync();
        Assert.False(await OnRelayAsync(a, "final/report.txt"), "a rename uploads no content");
        Assert.True(await OnRelayAsync(a, "final/.report.txt.placeholder"));

        var r = await b.SyncAsync();
        Assert.True(b.Read("final/report.txt") == a.Read("final/report.txt"), Log(a, b));
        Assert.Null(b.Read("draft.txt"));
        Assert.Contains(b.Log.Lines, l => l.Message.Contains("from this node's own copy", StringComparison.Ordinal));
        Assert.Equal(1, r.Deleted);

        await a.SyncAsync();
        await b.SyncAsync();
        Assert.False(await OnRelayAsync(a, ".draft.txt.placeholder"), "every member applied the deletion of the old name");
        Assert.False(await OnRelayAsync(a, "draft.txt"));
        Assert.False(await OnRelayAsync(a, "final/report.txt"));
    }

    [SkippableFact]
    public async Task A_renamed_file_is_uploaded_for_a_node_that_lacks_its_content()
    {
        SkipKnownGap(nameof(A_renamed_file_is_uploaded_for_a_node_that_lacks_its_content));
        var a = await NodeAsync("lateA", o => o with { RenameGrace = TimeSpan.Zero });
        var b = await NodeAsync("lateB");
        await a.SyncAsync();
        await b.SyncAsync();
        a.Write("first.txt", "B never saw this name");
        await a.SyncAsync(); // pushed; B has not pulled it
        File.Move(Path.Combine(a.Root, "first.txt"), Path.Combine(a.Root, "second.txt"));
        await a.SyncAsync(); // tombstone for first.txt (its payload goes), second.txt without content

        await b.SyncAsync(); // no copy of the content: waits
        Assert.Null(b.Read("second.txt"));
        await a.SyncAsync(); // the grace is over: uploaded for B
        Assert.True(await OnRelayAsync(a, "second.txt"), Log(a, b));
        await b.SyncAsync();
        Assert.Equal("B never saw this name", b.Read("second.txt"));
        Assert.Null(b.Read("first.txt"));
    }

    [SkippableFact]
    public async Task A_node_offline_during_the_deletion_applies_it_when_back()
    {
        SkipKnownGap(nameof(A_node_offline_during_the_deletion_applies_it_when_back));
        var n = await MembersAsync("offA", "offB", "offC");
        var (a, b, c) = (n[0], n[1], n[2]);
        a.Write("old.txt", "obsolete");
        foreach (var node in new[] { a, b, c })
        {
            await node.SyncAsync();
        }

        File.Delete(Path.Combine(a.Root, "old.txt"));
        await a.SyncAsync();
        await b.SyncAsync();
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.True(await OnRelayAsync(a, ".old.txt.placeholder"), "C, offline, is still expected");
        Assert.Equal("obsolete", c.Read("old.txt"));

        await c.SyncAsync(); // back online
        Assert.Null(c.Read("old.txt"));
        Assert.Single(Trashed(c, "old.txt"));
        Assert.False(await OnRelayAsync(a, ".old.txt.placeholder"));
    }

    [SkippableFact]
    public async Task A_node_that_does_not_propagate_deletions_keeps_its_copy_and_releases_the_tombstone()
    {
        SkipKnownGap(nameof(A_node_that_does_not_propagate_deletions_keeps_its_copy_and_releases_the_tombstone));
        var a = await NodeAsync("keepA");
        var b = await NodeAsync("keepB", o => o with { PropagateDeletions = false });
        await a.SyncAsync();
        await b.SyncAsync();
        a.Write("precious.txt", "mine too");
        b.Write("b-only.txt", "B's own");
        await a.SyncAsync();
        await b.SyncAsync();
        await a.SyncAsync();

        File.Delete(Path.Combine(a.Root, "precious.txt"));
        File.Delete(Path.Combine(b.Root, "b-only.txt"));
        await a.SyncAsync();
        await b.SyncAsync();
        await a.SyncAsync();
        Assert.Equal("mine too", b.Read("precious.txt"));
        Assert.False(await OnRelayAsync(a, ".precious.txt.placeholder"), "B acknowledged the tombstone");
        Assert.Equal("B's own", a.Read("b-only.txt")); // B sends no deletion either
    }

    [SkippableFact]
    public async Task A_folder_emptied_all_at_once_sends_no_deletion()
    {
        SkipKnownGap(nameof(A_folder_emptied_all_at_once_sends_no_deletion));
        var n = await MembersAsync("usbA", "usbB");
        var (a, b) = (n[0], n[1]);
        a.Write("one.txt", "1");
        a.Write("sub/two.txt", "2");
        await a.SyncAsync();
        await b.SyncAsync();

        // The disk under the local folder went away: an empty mount point.
        foreach (var entry in Directory.EnumerateFileSystemEntries(a.Root))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }

        Assert.Equal(0, (await a.SyncAsync()).Deleted);
        Assert.Contains(a.Log.Lines, l => l.Message.Contains("taken for a folder that is not there", StringComparison.Ordinal));
        await b.SyncAsync();
        Assert.Equal("1", b.Read("one.txt"));
        Assert.Equal("2", b.Read("sub/two.txt"));
    }
}
