using System.Text;
using Escale.Sync.Protocol;

namespace Escale.Sync.Tests;

public sealed class FormatTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Lock_bytes_are_exact()
    {
        Assert.Equal(B("lock%1.0\nowner: nodeA\nmode: w"), new LockFile("nodeA", 'w').ToBytes());
        Assert.Equal(B("lock%1.0\nowner: nœud B\nmode: r"), new LockFile("nœud B", 'r').ToBytes());
    }

    [Theory]
    [InlineData("lock%1.0\nowner: nodeA\nmode: w", "nodeA", 'w')]
    [InlineData("lock%1.0\r\nowner: nodeA\r\nmode: r\r\n", "nodeA", 'r')]
    [InlineData("oldnode", "oldnode", null)]       // pre-0.4.2: the first line is the owner
    [InlineData("oldnode\n", "oldnode", null)]
    [InlineData("", null, null)]                   // empty: no owner
    [InlineData("lock%1.0", null, null)]
    [InlineData("lock%1.1\nmode: w\nowner: z\nfuture: x", "z", 'w')]
    public void Lock_variants_parse(string text, string? owner, char? mode)
    {
        var l = LockFile.Parse(B(text));
        Assert.Equal(owner, l.Owner);
        Assert.Equal(mode, l.Mode);
    }

    [Fact]
    public void Lock_garbage_never_throws()
    {
        Assert.Null(LockFile.Parse([0xff, 0xfe, 0x00, 0x80]).Owner);
    }

    [Fact]
    public void Placeholder_bytes_are_exact()
    {
        var sum = new string('a', 128);
        var p = new Placeholder("nodeA", 1577934245, sum, []);
        Assert.Equal(B($"placeholder%1.0\npusher: nodeA\ntimestamp: 1577934245\nchecksum: {sum}\n---pullers---"), p.ToBytes());
        Assert.Equal(B($"placeholder%1.0\npusher: nodeA\ntimestamp: 1577934245\nchecksum: {sum}\n---pullers---\nnodeB\nnodeC"),
            p.WithPuller("nodeB").WithPuller("nodeC").WithPuller("nodeB").ToBytes());
    }

    [Fact]
    public void Placeholder_round_trips_and_appending_a_line_is_a_puller()
    {
        var p = new Placeholder("A", 42, "00ff", ["B"]);
        var appended = p.ToBytes().Concat(B("\nC")).ToArray();
        var q = Placeholder.Parse(appended);
        Assert.Equal("A", q.Pusher);
        Assert.Equal(42, q.Timestamp);
        Assert.Equal("00ff", q.Checksum);
        Assert.Equal(["B", "C"], q.Pullers);
        Assert.True(q.HasPullersMarker);
    }

    [Fact]
    public void Placeholder_push_and_expiry_times_round_trip_and_garbage_reads_as_absent()
    {
        var p = new Placeholder("A", 42, "00ff", ["B"]) { Expect = ["B", "C"], Pushed = 1700000000, Expired = 1700003600 };
        Assert.Equal(B("placeholder%1.0\npusher: A\ntimestamp: 42\nchecksum: 00ff\nexpect: B,C\npushed: 1700000000\nexpired: 1700003600\n---pullers---\nB"), p.ToBytes());
        var q = Placeholder.Parse(p.ToBytes());
        Assert.Equal(1700000000, q.Pushed);
        Assert.Equal(1700003600, q.Expired);
        var odd = Placeholder.Parse(B("placeholder%1.0\npusher: A\npushed: yesterday\nexpired: -5\n---pullers---"));
        Assert.Null(odd.Pushed);
        Assert.Null(odd.Expired);
        Assert.DoesNotContain("pushed", Encoding.UTF8.GetString(new Placeholder("A", 42, "00ff", []).ToBytes()), StringComparison.Ordinal);
    }

    [Fact]
    public void Placeholder_05_form_is_read()
    {
        var p = Placeholder.Parse(B("200102_030405\nnodeB\nnodeC\n"));
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeSeconds(), p.Timestamp);
        Assert.Null(p.Checksum);
        Assert.Null(p.Pusher);
        Assert.Equal(["nodeB", "nodeC"], p.Pullers);
        Assert.False(p.HasPullersMarker);
    }

    [Fact]
    public void Placeholder_07_form_without_marker_unknown_keys_and_parts_is_read()
    {
        var p = Placeholder.Parse(B("placeholder%1.0\npusher: A\ntimestamp: 1600000000.75\nchecksum: ABCDEF\nparts: 3\ncolor: blue\nnodeB"));
        Assert.Equal("A", p.Pusher);
        Assert.Equal(1600000000, p.Timestamp);
        Assert.Equal("abcdef", p.Checksum);
        Assert.Equal(3, p.Parts);
        Assert.Equal(["nodeB"], p.Pullers);
        Assert.False(p.HasPullersMarker);
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("placeholder%1.0\ntimestamp: yesterday")]
    [InlineData("placeholder%1.0\nchecksum: not-hex!")]
    [InlineData("placeholder%1.0\nparts: -1")]
    [InlineData("991399_999999")]
    public void Placeholder_garbage_is_a_clear_format_error(string text)
    {
        var e = Assert.Throws<FormatException>(() => Placeholder.Parse(B(text)));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Placeholder_invalid_utf8_and_huge_files_are_refused()
    {
        Assert.Throws<FormatException>(() => Placeholder.Parse([0x70, 0xff, 0xfe]));
        Assert.Throws<FormatException>(() => Placeholder.Parse(new byte[(1 << 20) + 1]));
    }

    [Theory]
    [InlineData("file.txt", RelayNameKind.Payload, "file.txt")]
    [InlineData(".file.txt.lock", RelayNameKind.Lock, "file.txt")]
    [InlineData(".file.txt.placeholder", RelayNameKind.Placeholder, "file.txt")]
    [InlineData(".file.txt.message", RelayNameKind.Message, "file.txt")]
    [InlineData(".file.txt.escale-part-0a1b2c3d-001122334455.lock", RelayNameKind.TempUpload, ".file.txt.escale-part-0a1b2c3d-001122334455.lock")]
    [InlineData(".bashrc", RelayNameKind.OtherDotFile, ".bashrc")]
    [InlineData(".lock", RelayNameKind.OtherDotFile, ".lock")]
    [InlineData(".escale-repository.lock", RelayNameKind.Reserved, ".escale-repository.lock")] // the repository marker: never a lock, never an offer
    public void Relay_names_are_classified(string name, RelayNameKind kind, string subject)
    {
        Assert.Equal(kind, RelayNames.Classify(name, out var s));
        Assert.Equal(subject, s);
    }
}
