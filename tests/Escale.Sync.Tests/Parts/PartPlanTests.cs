using Escale.Sync.Parts;
using Escale.Sync.Protocol;

namespace Escale.Sync.Tests.Parts;

public sealed class PartPlanTests
{
    private const long MiB = 1 << 20;

    [Theory]
    // length, split size, min split size, expected count (0 = travels whole), expected part size
    [InlineData(10 * MiB, null, null, 0, 0)]                      // splitting off
    [InlineData(10 * MiB, 4 * MiB, null, 3, 4 * MiB)]            // 4 + 4 + 2
    [InlineData(8 * MiB, 4 * MiB, null, 2, 4 * MiB)]             // exact multiple: no empty last part
    [InlineData(4 * MiB, 4 * MiB, null, 0, 0)]                   // one part = whole
    [InlineData(4 * MiB + 1, 4 * MiB, null, 2, 4 * MiB)]         // one byte over: a 1-byte last part
    [InlineData(4 * MiB - 1, 4 * MiB, null, 0, 0)]               // below min split size (= split size)
    [InlineData(10 * MiB, 4 * MiB, 20 * MiB, 0, 0)]              // below an explicit min split size
    [InlineData(20 * MiB, 4 * MiB, 20 * MiB, 5, 4 * MiB)]        // at min split size: split
    [InlineData(3 * MiB, 1 * MiB, 2 * MiB, 3, 1 * MiB)]          // min split size above the part size
    [InlineData(200 * MiB, 0L, null, 4, PartPlan.DefaultSplitSize)] // split = yes: the default part size
    [InlineData(1 * MiB, 1000L, 1L, 16, PartPlan.MinPartSize)]     // a tiny split size is raised to the minimum part
    [InlineData(8192L * MiB, 1 * MiB, null, PartPlan.MaxParts, 2 * MiB)] // too many parts: larger parts
    public void Plans(long length, long? split, long? min, int count, long partSize)
    {
        var plan = PartPlan.For(length, split, min);
        if (count == 0)
        {
            Assert.Null(plan);
            return;
        }

        Assert.NotNull(plan);
        Assert.Equal(count, plan.Count);
        Assert.Equal(partSize, plan.PartSize);
        Assert.Equal(length, Enumerable.Range(1, plan.Count).Sum(plan.LengthOf));
        Assert.All(Enumerable.Range(1, plan.Count), i => Assert.InRange(plan.LengthOf(i), 1, plan.PartSize));
        Assert.Equal(plan.Offset(plan.Count) + plan.LengthOf(plan.Count), length);
    }

    [Theory]
    [InlineData("big.iso", 7, 12, ".big.iso.escale-part-0007-of-0012")]
    [InlineData("a b.tar", 1, 2, ".a b.tar.escale-part-0001-of-0002")]
    [InlineData(".hidden", 3, 4096, "..hidden.escale-part-0003-of-4096")]
    public void Part_names_round_trip(string file, int index, int count, string expected)
    {
        var name = PartNames.NameOf(file, index, count);
        Assert.Equal(expected, name);
        Assert.True(PartNames.TryParse(name, out var subject, out var i, out var n));
        Assert.Equal((file, index, count), (subject, i, n));
        Assert.Equal(RelayNameKind.Part, RelayNames.Classify(name, out var classified));
        Assert.Equal(file, classified);
    }

    [Theory]
    [InlineData(".big.iso.escale-part-0000-of-0012")]  // index from 1
    [InlineData(".big.iso.escale-part-0013-of-0012")]  // beyond the count
    [InlineData(".big.iso.escale-part-0001-of-9999")]  // more parts than a plan makes
    [InlineData(".big.iso.escale-part-0a01-of-0002")]
    [InlineData(".big.iso.escale-part-0001-of-0002.lock")]
    [InlineData(".big.iso.escale-part-1a2b3c4d-00112233aabb.lock")] // a temp upload, not a part
    [InlineData("big.iso.escale-part-0001-of-0002")]   // not a dot-file: would be a user file
    public void Other_names_are_not_parts(string name) =>
        Assert.False(PartNames.TryParse(name, out _, out _, out _));

    /// <summary>
    /// Escale 0.6.2's rules (relay.py listReady and _isLock/_isPlaceholder, manager.py upload): a name is a lock iff it
    /// starts with '.' and ends with '.lock', a placeholder likewise with '.placeholder'; only names that do not start
    /// with '.' are offered; dot-files are never local files, so the upload check never looks them up.
    /// </summary>
    private static string Escale06Sees(string name) =>
        name.StartsWith('.') && name.EndsWith(".lock", StringComparison.Ordinal) ? "lock"
        : name.StartsWith('.') && name.EndsWith(".placeholder", StringComparison.Ordinal) ? "placeholder"
        : !name.StartsWith('.') ? "offered file"
        : "ignored";

    [Fact]
    public void An_original_node_ignores_parts()
    {
        foreach (var (index, count) in new[] { (1, 2), (2, 2), (7, 12), (4096, 4096) })
        {
            var name = PartNames.NameOf("movie.mkv", index, count);
            Assert.Equal("ignored", Escale06Sees(name)); // neither offered, nor a lock it could repair, nor a placeholder it parses
        }
    }

    [Fact]
    public void Placeholder_part_lines_round_trip_and_the_rest_stays_compatible()
    {
        var ph = new Placeholder("A", 1577934245, "ab", [], 3) { Expect = ["B", "C"], PartSums = ["01", "02", "03"] }
            .WithPartPuller(2, "B").WithPartPuller(2, "C").WithPartPuller(1, "B").WithPartPuller(2, "B");
        var text = System.Text.Encoding.UTF8.GetString(ph.ToBytes());
        Assert.Equal("placeholder%1.0\npusher: A\ntimestamp: 1577934245\nchecksum: ab\nparts: 3\npart-sums: 01,02,03\npart-1: B\npart-2: B,C\nexpect: B,C\n---pullers---", text);
        // 0.6 splits every header line at ':' (at most 2 splits) and needs exactly 2 fields: no value may hold a colon.
        Assert.All(text.Split('\n').Skip(1).TakeWhile(l => l != Placeholder.PullersMarker), l => Assert.Equal(2, l.Split(':').Length));
        var back = Placeholder.Parse(ph.ToBytes());
        Assert.Equal(3, back.Parts);
        Assert.Equal(["01", "02", "03"], back.PartSums!);
        Assert.Equal(["B", "C"], back.PullersOfPart(2));
        Assert.Equal(["B"], back.PullersOfPart(1));
        Assert.Empty(back.PullersOfPart(3));
        Assert.Equal(text, System.Text.Encoding.UTF8.GetString(back.ToBytes()));
    }

    [Fact]
    public void A_placeholder_without_parts_is_written_as_before() =>
        Assert.Equal("placeholder%1.0\npusher: A\ntimestamp: 5\nchecksum: ab\n---pullers---\nB",
            System.Text.Encoding.UTF8.GetString(new Placeholder("A", 5, "ab", ["B"]).ToBytes()));
}
