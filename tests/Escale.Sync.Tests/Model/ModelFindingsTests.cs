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
}
