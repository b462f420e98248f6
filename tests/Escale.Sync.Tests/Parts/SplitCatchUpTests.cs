using Escale.Sync.Protocol;
using Xunit.Abstractions;

namespace Escale.Sync.Tests.Parts;

/// <summary>
/// Catch-up and expiry of split versions (issue 15) through a local-folder relay with named members: a holder of the
/// version uploads again the parts an owed member lacks, within the quota and over passes; the version stays the same.
/// </summary>
public sealed class SplitCatchUpTests(ITestOutputHelper output) : IDisposable
{
    private const long KiB = 1024;
    private const long Quota = 300 * KiB; // two parts of 128 KiB at a time
    private readonly Network _net = new();

    public void Dispose() => _net.Dispose();

    [Theory]
    [InlineData("A")] // the pusher serves it
    [InlineData("B")] // the pusher is away: a puller that holds it serves it
    public async Task A_late_joiner_gets_a_split_version_that_was_taken_and_freed_before_it_joined(string server)
    {
        var a = _net.Add("A", Split());
        var b = _net.Add("B", Split());
        await a.SyncAsync();
        await b.SyncAsync();
        var content = WriteRandom(a, "big.bin", 600 * KiB, seed: 21); // 5 parts
        await RunUntilAsync([a, b], () => Same(b, "big.bin", content) && RelayUsage() == 0);
        var before = Placeholder.Parse(File.ReadAllBytes(_net.RelayPath(".big.bin.placeholder")));

        var c = _net.Add("C", Split());
        await c.SyncAsync(); // registers; nothing on the relay for it
        Assert.False(c.Has("big.bin"));
        var holder = server == "A" ? a : b;
        var peak = await RunUntilAsync([holder, c], () => Same(c, "big.bin", content));
        output.WriteLine($"served by {server}: peak relay usage {peak} bytes");
        Assert.InRange(peak, 1, Quota);
        await RunUntilAsync([holder, c], () => RelayUsage() == 0);

        var after = Placeholder.Parse(File.ReadAllBytes(_net.RelayPath(".big.bin.placeholder")));
        Assert.Equal((before.Pusher, before.Timestamp, before.Checksum, before.Parts), (after.Pusher, after.Timestamp, after.Checksum, after.Parts));
        Assert.Equal(before.PartSums, after.PartSums);
        Assert.Equal(["B", "C"], after.Expect);
        Assert.Contains("C", after.Pullers);
        Assert.DoesNotContain(_net.RelayFiles(), f => f.Contains(".escale-part-", StringComparison.Ordinal));
        Assert.Equal(0, (await holder.SyncAsync()).Transfers); // served once
        Assert.Equal(0, (await c.SyncAsync()).Transfers);
    }

    [Fact]
    public async Task A_member_that_joins_while_the_parts_are_still_going_out_gets_the_whole_file()
    {
        var a = _net.Add("A", Split());
        var b = _net.Add("B", Split());
        await a.SyncAsync();
        await b.SyncAsync();
        var content = WriteRandom(a, "big.bin", 600 * KiB, seed: 23);
        await a.SyncAsync(); // parts 1-2 up
        await b.SyncAsync(); // B takes and frees them
        await a.SyncAsync(); // parts 3-4 up

        var c = _net.Add("C", Split()); // joins now: parts 1-2 are gone, 3-5 still to come
        await RunUntilAsync([c, b, a], () => Same(b, "big.bin", content) && Same(c, "big.bin", content));
        await RunUntilAsync([c, b, a], () => RelayUsage() == 0);
        Assert.Contains("C", Placeholder.Parse(File.ReadAllBytes(_net.RelayPath(".big.bin.placeholder"))).Pullers);
    }

    /// <summary>
    /// Expiry with a manual clock: the deadline counts from the last part's upload; at the deadline the pusher removes
    /// every remaining part; the offline member is owed it and gets exactly the parts it lacks on return.
    /// </summary>
    [Fact]
    public async Task A_split_version_expires_from_its_last_part_and_the_offline_member_is_served_on_return()
    {
        var expiry = TimeSpan.FromHours(1);
        // Room for three parts of five: the push takes passes, and completes once B freed the first three.
        var a = _net.Add("A", o => Split()(o) with { PayloadExpiry = expiry, DiskQuota = 400 * KiB });
        var b = _net.Add("B", Split());
        var c = _net.Add("C", Split());
        foreach (var n in new[] { a, b, c })
        {
            await n.SyncAsync();
        }

        // C takes the first parts, then goes offline; B takes everything. A needs passes (quota), an hour apart.
        var content = WriteRandom(a, "big.bin", 600 * KiB, seed: 22);
        await a.SyncAsync();
        Assert.DoesNotContain("\npushed: ", _net.RelayText(".big.bin.placeholder"), StringComparison.Ordinal); // parts still going up: no deadline
        await c.SyncAsync();
        for (var round = 0; round < 20 && !Same(b, "big.bin", content); round++)
        {
            _net.Clock.Advance(expiry - TimeSpan.FromMinutes(1)); // the whole push outlasts the expiry: its deadline does not count from its start
            await b.SyncAsync();
            Assert.Empty((await a.SyncAsync()).Expired);
        }

        Assert.True(Same(b, "big.bin", content));
        await a.SyncAsync();
        var complete = Placeholder.Parse(File.ReadAllBytes(_net.RelayPath(".big.bin.placeholder")));
        Assert.NotNull(complete.Pushed);
        Assert.Null(complete.Expired);
        var cTook = Enumerable.Range(1, 5).Where(i => complete.PullersOfPart(i).Contains("C")).ToList();
        Assert.NotEmpty(cTook);
        Assert.True(RelayUsage() > 0, "the parts C lacks wait for it");

        _net.Clock.Advance(DateTimeOffset.FromUnixTimeSeconds(complete.Pushed!.Value) + expiry - TimeSpan.FromSeconds(1) - _net.Clock.GetUtcNow());
        Assert.Empty((await a.SyncAsync()).Expired);
        _net.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty((await b.SyncAsync()).Expired);
        var expired = Assert.Single((await a.SyncAsync()).Expired);
        Assert.Equal(["C"], expired.Owed);
        Assert.Equal(0, RelayUsage());
        Assert.Contains("\nexpired: ", _net.RelayText(".big.bin.placeholder"), StringComparison.Ordinal);
        Assert.Equal(0, (await a.SyncAsync()).Pushed); // C is away: nothing goes up again
        Assert.Equal(0, RelayUsage());

        // C comes back: A uploads only the parts C lacks, over passes; C ends byte-identical; the parts leave.
        _net.Clock.Advance(TimeSpan.FromMinutes(10));
        var uploadedBefore = a.Store!.BytesUploaded;
        await RunUntilAsync([c, a], () => Same(c, "big.bin", content));
        await RunUntilAsync([c, a], () => RelayUsage() == 0);
        var uploaded = a.Store!.BytesUploaded - uploadedBefore;
        output.WriteLine($"catch-up after expiry: C had parts {string.Join(",", cTook)}; A uploaded {uploaded} bytes again");
        Assert.Equal([1, 2, 3], cTook);
        Assert.True(uploaded < 600 * KiB - (cTook.Count * 128 * KiB) + 64 * KiB, $"{uploaded} bytes uploaded again"); // + placeholders
        var served = Placeholder.Parse(File.ReadAllBytes(_net.RelayPath(".big.bin.placeholder")));
        Assert.Null(served.Expired);
        Assert.Equal(complete.Checksum, served.Checksum);
        Assert.Contains("C", served.Pullers);
    }

    private static Func<SyncOptions, SyncOptions> Split() => o => o with { SplitSize = 128 * KiB, DiskQuota = Quota };

    private static byte[] WriteRandom(Node node, string relative, long size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        var p = node.PathOf(relative);
        File.WriteAllBytes(p, bytes);
        File.SetLastWriteTimeUtc(p, DateTime.UtcNow.AddMinutes(-1));
        return bytes;
    }

    private static bool Same(Node node, string relative, byte[] content) =>
        node.Has(relative) && File.ReadAllBytes(node.PathOf(relative)).AsSpan().SequenceEqual(content);

    private long RelayUsage() =>
        Directory.EnumerateFiles(_net.RelayDir, "*", SearchOption.AllDirectories)
            .Where(f => RelayNames.Classify(Path.GetFileName(f), out _) is RelayNameKind.Payload or RelayNameKind.Part or RelayNameKind.TempUpload)
            .Sum(f => new FileInfo(f).Length);

    /// <summary>Rounds of passes until <paramref name="done"/>; returns the peak relay usage seen.</summary>
    private async Task<long> RunUntilAsync(IReadOnlyList<Node> nodes, Func<bool> done)
    {
        long peak = 0;
        for (var round = 1; round <= 100; round++)
        {
            foreach (var n in nodes)
            {
                await n.SyncAsync();
                peak = Math.Max(peak, RelayUsage());
            }

            if (done())
            {
                return peak;
            }
        }

        throw new Xunit.Sdk.XunitException("did not complete in 100 rounds; relay: " + string.Join(" ", _net.RelayFiles()) + "\n" + string.Join("\n", nodes.SelectMany(n => n.Log.Lines.TakeLast(6).Select(l => n.Name + ": " + l.Message))));
    }
}
