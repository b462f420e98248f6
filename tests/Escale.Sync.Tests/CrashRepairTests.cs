using System.Security.Cryptography;
using System.Text;
using Escale.Sync.State;

namespace Escale.Sync.Tests;

/// <summary>Crash windows the process-level kill -9 test hits only by chance, reproduced exactly.</summary>
public sealed class CrashRepairTests : IDisposable
{
    private readonly Network _net = new();

    public void Dispose() => _net.Dispose();

    [Fact]
    public async Task A_pull_that_died_between_rename_and_record_is_not_taken_for_a_local_edit()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        a.Write("doc.txt", "v1");
        await a.SyncAsync();
        await b.SyncAsync();

        // B was installing v2 when it died: the file is in place, the pending record says so, the
        // agreed record is still v1.
        var v2 = "version two";
        var path = b.PathOf("doc.txt");
        File.WriteAllText(path, v2);
        var mtime = DateTime.UtcNow.AddMinutes(-2);
        File.SetLastWriteTimeUtc(path, mtime);
        var info = new FileInfo(path);
        var sum = Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(v2)));
        b.State.SetPendingInstall("doc.txt", new FileRecord(sum, new DateTimeOffset(mtime).ToUnixTimeSeconds(), info.Length, info.LastWriteTimeUtc.Ticks, FileOrigin.Pulled));
        b.Restart();

        a.Write("doc.txt", "version three", DateTime.UtcNow.AddSeconds(-10));
        await a.SyncAsync();
        var r = await b.SyncAsync();

        Assert.Equal(0, r.Conflicts);
        Assert.Equal("version three", b.Read("doc.txt"));
        Assert.Empty(Directory.GetFiles(b.Root, "*escale-conflict*"));
    }

    [Fact]
    public async Task A_real_local_edit_beside_a_stale_pending_record_is_still_a_conflict()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        a.Write("doc.txt", "v1");
        await a.SyncAsync();
        await b.SyncAsync();
        b.State.SetPendingInstall("doc.txt", new FileRecord(new string('0', 128), 1, 999, 1, FileOrigin.Pulled));
        b.Restart();
        b.Write("doc.txt", "B's own edit", DateTime.UtcNow.AddSeconds(-40));
        a.Write("doc.txt", "A's edit", DateTime.UtcNow.AddSeconds(-20));
        await a.SyncAsync();
        var r = await b.SyncAsync();
        Assert.Equal(1, r.Conflicts);
        Assert.Single(Directory.GetFiles(b.Root, "doc.escale-conflict-*-B.txt"));
    }
}
