using Escale.Core.Paths;
using Escale.Sync.Deletions;
using Escale.Sync.Protocol;
using Escale.Sync.Scanning;
using Xunit;

namespace Escale.Sync.Tests;

/// <summary>The pure rules of deletions: which recorded files count as deleted here, and the tombstone/rename lines.</summary>
public sealed class DeletionRuleTests
{
    private static LocalFile F(string p) => new("/x/" + p, 1, DateTime.UnixEpoch);

    public static TheoryData<string[], string[], string[], string[], bool, string[], bool> Cases => new()
    {
        // recorded, scanned, still there (not scanned: ignored, filtered, link), unlisted folders, folder empty → deleted, refused
        { ["a.txt", "b.txt"], ["a.txt"], [], [], false, ["b.txt"], false },
        { ["a.txt"], ["a.txt"], [], [], false, [], false },
        { ["a.txt", "b.txt"], ["a.txt"], ["b.txt"], [], false, [], false },                      // ignored now, still on disk
        { ["d/a.txt", "e/b.txt"], [], [], ["d"], false, ["e/b.txt"], false },                     // d could not be listed
        { ["a.txt", "b.txt"], [], [], [], true, [], true },                                       // everything gone, folder empty: refused
        { ["a.txt", "b.txt"], [], [], [], false, ["a.txt", "b.txt"], false },                     // everything gone, folder not empty (.escaleignore)
        { ["only.txt"], [], [], [], true, ["only.txt"], false },                                  // one file deleted from a one-file folder
        { ["a.txt", "b.txt", "c.txt"], ["c.txt"], [], [], false, ["a.txt", "b.txt"], false },
        { ["a.txt", "x/../../etc", ""], [], [], [], false, ["a.txt"], false },                    // unsound records are not paths to delete
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Deleted_paths(string[] recorded, string[] scanned, string[] stillThere, string[] unlisted, bool empty, string[] expected, bool refused)
    {
        var found = LocalDeletions.Find(
            recorded,
            scanned.ToDictionary(x => RelayPath.Parse(x), F),
            p => stillThere.Contains(p.Value),
            unlisted.Select(x => RelayPath.Parse(x)).ToList(),
            empty,
            out var refusal);
        Assert.Equal(expected, found.Select(p => p.Value));
        Assert.Equal(refused, refusal is not null);
    }

    [Fact]
    public void A_tombstone_round_trips_and_stays_readable_as_a_placeholder()
    {
        var t = new Placeholder("nodeA", 1_700_000_000, "ab12", ["nodeB"]) { Expect = ["nodeB", "nodeC"], Deleted = 1_700_000_000 };
        var text = System.Text.Encoding.UTF8.GetString(t.ToBytes());
        Assert.Contains("\ndeleted: 1700000000\n", text, StringComparison.Ordinal);
        var back = Placeholder.Parse(t.ToBytes());
        Assert.True(back.IsTombstone);
        Assert.Equal(1_700_000_000, back.Deleted);
        Assert.Equal("ab12", back.Checksum);
        Assert.Equal(["nodeB"], back.Pullers);
    }

    [Theory]
    [InlineData("plain.txt")]
    [InlineData("sub dir/ünï: cødé%2F.txt")]
    public void A_rename_source_is_encoded_without_a_colon_and_read_back(string source)
    {
        var r = new Placeholder("nodeA", 1, "ab", []) { Source = source };
        var text = System.Text.Encoding.UTF8.GetString(r.ToBytes());
        var line = text.Split('\n').Single(l => l.StartsWith("source: ", StringComparison.Ordinal));
        Assert.DoesNotContain(':', line["source: ".Length..]);
        Assert.Equal(source, Placeholder.Parse(r.ToBytes()).Source);
    }

    [Theory]
    [InlineData("source: ..%2F..%2Fetc%2Fpasswd")]
    [InlineData("source: %2Fabs")]
    [InlineData("source: ")]
    public void A_hostile_source_is_ignored(string line)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("placeholder%1.0\npusher: a\ntimestamp: 1\nchecksum: ab\n" + line + "\n---pullers---");
        Assert.Null(Placeholder.Parse(bytes).Source);
    }

    [Fact]
    public void A_garbled_deleted_line_is_an_unreadable_placeholder()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("placeholder%1.0\npusher: a\ndeleted: yesterday\n---pullers---");
        Assert.Throws<FormatException>(() => Placeholder.Parse(bytes));
    }

    [Fact]
    public void The_trash_keeps_each_deletion_by_day_and_drops_old_days()
    {
        using var dir = new Escale.Testing.TempDir("trash");
        var time = new Escale.Testing.ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var trash = new Trash(dir.Path, TimeSpan.FromDays(2), time);
        Directory.CreateDirectory(Path.Combine(dir.Path, "d"));
        File.WriteAllText(Path.Combine(dir.Path, "d", "f.txt"), "one");
        Assert.Equal(Path.Combine(".escale-trash", "2026-12-01", "d", "f.txt"), trash.MoveIn(RelayPath.Parse("d/f.txt")));
        File.WriteAllText(Path.Combine(dir.Path, "d", "f.txt"), "two");
        Assert.Equal(Path.Combine(".escale-trash", "2026-12-01", "d", "f (2).txt"), trash.MoveIn(RelayPath.Parse("d/f.txt")));
        // Both, the later deletion first: a rename's source may be either (found by the model test).
        Assert.Equal(["two", "one"], trash.CopiesOf(RelayPath.Parse("d/f.txt")).Select(File.ReadAllText));

        time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, trash.Purge()); // the 1st is two days before the 3rd: kept
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, trash.Purge());
        Assert.Equal(0, trash.Purge()); // at most once an hour
        Assert.False(Directory.Exists(Path.Combine(dir.Path, ".escale-trash", "2026-12-01")));
    }
}
