namespace Escale.Sync.Tests.Model;

/// <summary>Minimal reproductions of what the model-based test found, as plain facts.</summary>
public sealed class ModelFindingsTests
{
    /// <summary>
    /// Found by the model (create, delete, create again, rename into a subfolder): the source of a rename
    /// trashed earlier the same day sits in the trash as "a (2).txt", and a node applying the old name's
    /// tombstone before the rename looked only for "a.txt" there (the first, older version): it waited
    /// for an upload that a manual or slow clock never brings.
    /// </summary>
    [Fact]
    public async Task A_rename_is_installed_from_the_trash_when_its_source_was_trashed_twice_that_day()
    {
        using var net = new Network();
        var a = net.Add("A");
        var b = net.Add("B", o => o with { Parallelism = 1 }); // the old name's tombstone first, then the rename
        await a.SyncAsync();
        await b.SyncAsync();
        a.Write("a.txt", "v1");
        await a.SyncAsync();
        await b.SyncAsync();
        File.Delete(a.PathOf("a.txt"));
        await a.SyncAsync();
        await b.SyncAsync();
        a.Write("a.txt", "v2");
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.Equal("v2", b.Read("a.txt"));

        Directory.CreateDirectory(a.PathOf("sub"));
        File.Move(a.PathOf("a.txt"), a.PathOf("sub/d.txt"));
        await a.SyncAsync();
        await b.SyncAsync();

        Assert.Null(b.Read("a.txt"));
        Assert.Equal("v2", b.Read("sub/d.txt"));
    }

    /// <summary>
    /// Found by the model (seed 777,9; shrunk to these three steps). n1 goes offline holding a.txt v1 and
    /// edits it (v3) while n2 replaces it (v2). Back online, n1's pass resolves the conflict as "this node's
    /// version wins": it pulls v2 into a conflict copy and registers as a puller of v2, then dies (kill -9)
    /// pushing v3. n3 pulls v2, the last expected puller: v2's payload leaves the relay. Restarted, n1 sees
    /// the conflict again, but with no payload "the relay wins": v3 is moved to a second conflict copy and
    /// nothing can be pulled, and n1 is listed as having v2: a.txt is gone from n1 for good (both contents
    /// survive there only as conflict copies; n2 and n3 hold a.txt = v2).
    /// Suspect: Reconciler.Helpers.cs ResolveConflictAsync — relayWins is true whenever relay.Payload is
    /// null, even when this node registered as that version's puller through its own conflict copy (so
    /// nobody will upload it again), and the registration happens before the winning push.
    /// Not fixed here: the reconciler is being restructured by another engineer.
    /// </summary>
    [Fact(Skip = "engine bug found by the model test: a kill between the conflict copy's registration and the winning push loses the name on that node (see the summary)")]
    public void A_node_killed_while_its_version_wins_a_conflict_keeps_the_name()
    {
        SyncModelTests.Run(new Schedule(3, null,
        [
            new Step(StepKind.Create, 0, 0, 0),
            new Step(StepKind.Kill, 0, 0, 11),
            new Step(StepKind.OfflineEdit, 0, 2, 0),
        ]));
    }
}
