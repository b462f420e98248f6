using Escale.Sync.State;
using Escale.Sync.Status;

namespace Escale.Sync.Tests;

/// <summary>
/// Hole 8 of issue 11: a file open for writing in the mount when the agent died is held back
/// (<c>interrupted write</c>) instead of being pushed half-written, until written and closed again or confirmed.
/// </summary>
public sealed class InterruptedWriteTests : IDisposable
{
    private readonly Network _net = new();

    public void Dispose() => _net.Dispose();

    [Fact]
    public async Task A_file_open_for_writing_at_a_crash_is_held_back_until_confirmed()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        a.Write("big.bin", "76 MB of 200");
        a.Write("other.txt", "whole");
        _ = a.Engine; // the agent runs (its state folder exists)
        OpenWrites.Load(a.StateDir).Opened("big.bin"); // the mount's mark; the agent then dies (kill -9)

        a.Restart();
        await a.SyncAsync();
        await b.SyncAsync();

        Assert.Equal("whole", b.Read("other.txt"));
        Assert.False(b.Has("big.bin"));
        Assert.Equal(FileState.InterruptedWrite, a.Engine.Reconciler.Describe("big.bin").State);
        Assert.Equal("interrupted write", a.Engine.Reconciler.Describe("big.bin").Describe());
        Assert.Contains(a.Log.Lines, l => l.Message.Contains("interrupted write", StringComparison.Ordinal));

        Assert.True(a.Engine.Reconciler.Context.OpenWrites!.Confirm("big.bin"));
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.Equal("76 MB of 200", b.Read("big.bin"));
    }

    [Fact]
    public void The_journal_survives_a_crash_and_a_rewrite_releases_the_hold()
    {
        var dir = Path.Combine(_net.RelayDir, "..", "journal");
        Directory.CreateDirectory(dir);
        var j = OpenWrites.Load(dir);
        j.Opened("a");
        j.Opened("b");
        j.Opened("b");
        j.Closed("b", written: true);
        j.Renamed("a", "c");

        var after = OpenWrites.Load(dir); // as at the next start: what was open is held
        Assert.True(after.IsHeld("c"));
        Assert.True(after.IsHeld("b"));
        Assert.False(after.IsHeld("a"));

        after.Opened("c");
        after.Closed("c", written: false); // opened and closed without writing: still half-written
        Assert.True(after.IsHeld("c"));
        after.Opened("c");
        after.Closed("c", written: true);
        Assert.False(after.IsHeld("c"));
        Assert.False(OpenWrites.Load(dir).IsHeld("c"));
    }
}
