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
    /// Found by the model (seed 777,9, 300 runs; shrunk to these three steps). n1 goes offline holding a.txt
    /// v1 and edits it (v3) while n2 replaces it (v2). Back online, n1's pass resolves the conflict as "this
    /// node's version wins" (Reconciler.Helpers.cs, ResolveConflictAsync): under the write lock it pulls v2
    /// into a conflict copy, registers as a puller of v2, then pushes v3 (payload, then placeholder). Killed
    /// (kill -9) after N relay operations of that pass, then restarted on its state folder:
    ///  10: killed before its registration: v2 is pulled again into a second conflict copy (two copies of v2;
    ///      the first, a plain new file to the restarted node, is pushed too). No loss, but a duplicate.
    ///  11: killed after its registration, before the push: n3's pull then frees v2's payload. Restarted, n1
    ///      sees the conflict again, and with no payload on the relay "the relay wins" (relayWins is true
    ///      whenever relay.Payload is null): v3 moves to a conflict copy, nothing can be pulled, n1 is listed
    ///      as having v2: a.txt is gone from n1 for good while n2 and n3 hold a.txt = v2.
    ///  12: killed between v3's payload and its placeholder: the relay holds v3's bytes under v2's
    ///      placeholder; n1's next pass fails with "checksum of the relay copy does not match its placeholder
    ///      (corrupt or incomplete upload); relay copy kept" instead of finishing its own interrupted push.
    /// Suspect: the order of durable steps in ResolveConflictAsync's "this node wins" branch (registration
    /// before the push; nothing recorded of the copy taken) and, for 12, the push's payload-then-placeholder
    /// write without a record of the push in progress. Not fixed here: the reconciler is being restructured.
    /// </summary>
    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    public void A_node_killed_while_its_version_wins_a_conflict_ends_like_the_others(int killAfter)
    {
        SyncModelTests.Run(new Schedule(3, null,
        [
            new Step(StepKind.Create, 0, 0, 0),
            new Step(StepKind.Kill, 0, 0, killAfter),
            new Step(StepKind.OfflineEdit, 0, 2, 0),
        ]));
    }
}
