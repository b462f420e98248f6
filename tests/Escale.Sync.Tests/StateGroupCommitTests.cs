using Escale.Sync.State;
using Escale.Testing;

namespace Escale.Sync.Tests;

/// <summary>
/// The state journal with group commit (issue 12): every line is in the file when the call returns
/// (so a kill -9 keeps it), lines written by parallel callers and across compactions all come back,
/// and the lines that skip their own fsync are the ones whose loss a crash already covers.
/// </summary>
public sealed class StateGroupCommitTests
{
    private static FileRecord Record(int i, FileOrigin origin = FileOrigin.Pushed) => new($"sum{i}", 1_700_000_000 + i, i, i * 10L, origin);

    [Fact]
    public void Every_line_is_in_the_journal_when_the_call_returns_fsynced_or_not()
    {
        using var dir = new TempDir("state-group");
        using var state = StateStore.Open(dir.Path);
        state.Enqueue("a.txt");
        state.Put("a.txt", Record(1));
        state.Dequeue("a.txt"); // no fsync of its own
        state.SetPendingInstall("b.txt", Record(2, FileOrigin.Pulled));
        state.Put("b.txt", Record(2, FileOrigin.Pulled) with { LocalSize = 3 }); // covered by the pending record

        // what another process (the next start after a kill -9) reads: the file as the kernel has it
        var journal = ReadShared(Path.Combine(dir.Path, "state.journal"));
        Assert.Contains("\"K\":\"qd\",\"P\":\"a.txt\"", journal);
        Assert.Contains("\"K\":\"f\",\"P\":\"b.txt\"", journal);
        Assert.EndsWith("\n", journal);
    }

    [Fact]
    public async Task Parallel_writers_across_compactions_lose_nothing()
    {
        using var dir = new TempDir("state-group");
        const int Writers = 4, Each = 1500; // over 1000 lines and 4x the entries: compacts while writing
        using (var state = StateStore.Open(dir.Path))
        {
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
            {
                for (var i = 0; i < Each; i++)
                {
                    var path = $"w{w}/f{i % 100}";
                    state.Enqueue(path);
                    state.Put(path, Record(i));
                    state.Dequeue(path);
                }
            })));
        }

        using var reopened = StateStore.Open(dir.Path);
        var files = reopened.Snapshot();
        Assert.Equal(Writers * 100, files.Count);
        for (var w = 0; w < Writers; w++)
        {
            for (var f = 0; f < 100; f++)
            {
                Assert.Equal(Record(Each - 100 + f), files[$"w{w}/f{f}"]);
            }
        }

        Assert.Empty(reopened.Queue);
        Assert.True(new FileInfo(Path.Combine(dir.Path, "state.journal")).Length < Writers * Each * 3 * 40, "the journal was never compacted");
    }

    [Fact]
    public void A_put_of_another_version_than_the_pending_install_clears_it_and_is_kept()
    {
        using var dir = new TempDir("state-group");
        using (var state = StateStore.Open(dir.Path))
        {
            state.SetPendingInstall("c.txt", Record(3, FileOrigin.Pulled));
            state.Put("c.txt", Record(4));
            Assert.Null(state.GetPendingInstall("c.txt"));
        }

        using var reopened = StateStore.Open(dir.Path);
        Assert.Equal(Record(4), reopened.Get("c.txt"));
        Assert.Null(reopened.GetPendingInstall("c.txt"));
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
