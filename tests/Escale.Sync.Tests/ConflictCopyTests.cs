using Escale.Core.Paths;
using Escale.Sync.Status;

namespace Escale.Sync.Tests;

/// <summary>What a conflict copy's name says (escalectl conflicts, status): file, node, time; and what is no copy.</summary>
public sealed class ConflictCopyTests
{
    [Theory]
    [InlineData("f.escale-conflict-20261207-013000-nodeB.txt", "f.txt", "nodeB", "2026-12-07T01:30:00Z")]
    [InlineData("dir/sub/report.escale-conflict-20250101-000001-alice_2.pdf", "dir/sub/report.pdf", "alice_2", "2025-01-01T00:00:01Z")]
    [InlineData("Makefile.escale-conflict-20261207-013000-vm-1", "Makefile", "vm-1", "2026-12-07T01:30:00Z")]
    [InlineData("a.tar.escale-conflict-20261207-013000-n.gz", "a.tar.gz", "n", "2026-12-07T01:30:00Z")]
    [InlineData("f.escale-conflict-20261207-013000-B.escale-conflict-20261208-000000-A.txt", "f.escale-conflict-20261207-013000-B.txt", "A", "2026-12-08T00:00:00Z")] // a copy of a copy
    [InlineData("d/escale-conflict-20261207-013000-n.txt", null, "n", "2026-12-07T01:30:00Z")] // name too long: the file's name is lost
    public void A_copy_name_gives_its_file_node_and_time(string copy, string? file, string node, string made)
    {
        var parsed = ConflictCopy.TryParse(copy);
        Assert.NotNull(parsed);
        Assert.Equal(file, parsed.File);
        Assert.Equal(node, parsed.Node);
        Assert.Equal(DateTimeOffset.Parse(made, System.Globalization.CultureInfo.InvariantCulture), parsed.Made);
    }

    [Theory]
    [InlineData("notes.txt")]
    [InlineData("f.escale-conflict-2026-nodeB.txt")] // no stamp
    [InlineData("f.escale-conflict-20261332-013000-nodeB.txt")] // no such date
    [InlineData("f.escale-conflict-20261207-013000-.txt")] // no node
    [InlineData("f.escale-conflict-20261207-013000-no de.txt")] // a node name is sanitized: never a space
    public void Other_names_are_no_copies(string name) => Assert.Null(ConflictCopy.TryParse(name));

    [Theory]
    [InlineData("docs/plan.odt", "laptop.home")]
    [InlineData("noext", "vm 1")]
    public void What_ConflictNames_makes_parses_back(string path, string node)
    {
        var when = new DateTimeOffset(2026, 12, 7, 1, 30, 5, TimeSpan.Zero);
        var copy = ConflictNames.For(RelayPath.Parse(path), node, when);
        var parsed = ConflictCopy.TryParse(copy.Value);
        Assert.NotNull(parsed);
        Assert.Equal(path, parsed.File);
        Assert.Equal(when, parsed.Made);
        Assert.Equal(node.Replace('.', '_').Replace(' ', '_'), parsed.Node);
    }

    [Fact]
    public void A_long_name_keeps_node_and_time()
    {
        var path = RelayPath.Parse(new string('x', 240) + ".txt");
        var copy = ConflictNames.For(path, "nodeB", DateTimeOffset.UnixEpoch);
        var parsed = ConflictCopy.TryParse(copy.Value);
        Assert.NotNull(parsed);
        Assert.Null(parsed.File);
        Assert.Equal("nodeB", parsed.Node);
    }

    [Theory]
    [InlineData(true, true, false, FileState.Conflict)]
    [InlineData(true, false, true, FileState.Deleted)] // a deleted conflict copy is a deletion, no conflict
    [InlineData(false, false, true, FileState.Deleted)]
    [InlineData(false, true, true, FileState.Local)]
    [InlineData(false, true, false, FileState.Local)]
    public void Settled_state_table(bool copy, bool exists, bool record, FileState expected)
    {
        var path = copy ? "f.escale-conflict-20261207-013000-nodeB.txt" : "f.txt";
        Assert.Equal(expected, SettledState.Of(path, record, exists, null).State);
    }
}
