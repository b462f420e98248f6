using Escale.Core.Config;
using Escale.Crypto;
using Escale.Crypto.Aead;
using Escale.Sync.Parts;
using Escale.Sync.Protocol;
using Xunit.Abstractions;

namespace Escale.Sync.Tests.Parts;

/// <summary>Big files in parts through a local-folder relay (issue 15): quota, verification, resume.</summary>
public sealed class SplitSyncTests(ITestOutputHelper output) : IDisposable
{
    private const long KiB = 1024;
    private readonly Network _net = new();
    private readonly List<string> _keyDirs = [];

    public void Dispose()
    {
        _net.Dispose();
        foreach (var d in _keyDirs.Where(Directory.Exists))
        {
            Directory.Delete(d, true);
        }
    }

    [Theory]
    [InlineData("off")]
    [InlineData("aead")]
    [InlineData("fernet")]
    public async Task A_file_four_times_the_quota_reaches_two_pullers_in_parts_and_the_quota_holds(string encryption)
    {
        const long quota = 1024 * KiB, split = 192 * KiB;
        var a = _net.Add("A", Split(split, quota, pullers: 2), Codec(encryption, "A"));
        var b = _net.Add("B", Split(split, quota, pullers: 2), Codec(encryption, "B"));
        var c = _net.Add("C", Split(split, quota, pullers: 2), Codec(encryption, "C"));
        var content = WriteRandom(a, "dir/big.bin", 4 * 1024 * KiB + 123, seed: 1);

        var (rounds, peak) = await RunUntilAsync([a, b, c], () => Same(b, "dir/big.bin", content) && Same(c, "dir/big.bin", content), afterEach: () =>
            Assert.False(_net.RelayHas("dir/big.bin"), "a split version never has a whole payload on the relay"));

        output.WriteLine($"{encryption}: 4 MiB through a 1 MiB quota in {rounds} rounds, peak relay usage {peak} bytes");
        Assert.InRange(peak, 1, quota);
        var ph = Placeholder.Parse(File.ReadAllBytes(_net.RelayPath("dir/.big.bin.placeholder")));
        Assert.Equal(22, ph.Parts);
        Assert.Equal(22, ph.PartSums!.Count);
        await RunUntilAsync([a, b, c], () => RelayUsage() == 0);
        Assert.DoesNotContain(_net.RelayFiles(), f => f.Contains(".escale-part-", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(b.StateDir, "parts")));
    }

    [Fact]
    public async Task A_new_version_takes_the_room_of_the_undelivered_one_it_replaces()
    {
        const long quota = 1024 * KiB;
        var a = _net.Add("A", Split(256 * KiB, quota, pullers: 1));
        var b = _net.Add("B", Split(256 * KiB, quota, pullers: 1));
        WriteRandom(a, "big.bin", 2048 * KiB, seed: 11);
        await a.SyncAsync();
        Assert.Equal(quota, RelayUsage()); // the first four of eight parts: the quota is full, nobody pulled
        var v2 = WriteRandom(a, "big.bin", 2048 * KiB + 1, seed: 12);

        await a.SyncAsync();

        var ph = Placeholder.Parse(File.ReadAllBytes(_net.RelayPath(".big.bin.placeholder")));
        Assert.Equal(9, ph.Parts);
        Assert.All(_net.RelayFiles().Where(f => f.Contains(".escale-part-", StringComparison.Ordinal)), f => Assert.EndsWith("-of-0009", f, StringComparison.Ordinal));
        Assert.InRange(RelayUsage(), 1, quota);
        await RunUntilAsync([a, b], () => Same(b, "big.bin", v2));
    }

    [Fact]
    public async Task Parts_taken_by_a_run_that_died_before_saying_so_are_registered_later_and_freed()
    {
        var a = _net.Add("A", Split(128 * KiB, null, pullers: 2));
        var b = _net.Add("B", Split(128 * KiB, null, pullers: 2));
        var c = _net.Add("C", Split(128 * KiB, null, pullers: 2));
        CuttingStore? cutter = null;
        b.Decorate = s => cutter = new CuttingStore(s);
        var content = WriteRandom(a, "big.bin", 600 * KiB, seed: 13);
        await a.SyncAsync();
        _ = b.Engine;
        cutter!.FailPlaceholderWrites = 100; // B spools every part but never gets to name itself
        Assert.True((await b.SyncAsync()).Failed > 0);
        Assert.DoesNotContain("\npart-1:", _net.RelayText(".big.bin.placeholder")!, StringComparison.Ordinal);
        b.Restart();
        b.Decorate = null;

        await RunUntilAsync([c, b], () => Same(b, "big.bin", content) && Same(c, "big.bin", content) && RelayUsage() == 0);

        Assert.DoesNotContain(_net.RelayFiles(), f => f.Contains(".escale-part-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_split_size_the_relay_looks_as_before()
    {
        var a = _net.Add("A", o => o with { PullerCount = 1 });
        var b = _net.Add("B", o => o with { PullerCount = 1 });
        var content = WriteRandom(a, "big.bin", 1024 * KiB, seed: 2);
        await a.SyncAsync();
        Assert.Equal(["big.bin", ".big.bin.placeholder"], _net.RelayFiles().Order(StringComparer.Ordinal).Reverse().ToList());
        Assert.DoesNotContain("part", _net.RelayText(".big.bin.placeholder")!, StringComparison.Ordinal);
        await b.SyncAsync();
        Assert.True(Same(b, "big.bin", content));
    }

    [Fact]
    public async Task A_file_below_min_split_size_travels_whole()
    {
        var a = _net.Add("A", o => o with { PullerCount = 1, SplitSize = 64 * KiB, MinSplitSize = 1024 * KiB });
        WriteRandom(a, "small.bin", 512 * KiB, seed: 3);
        await a.SyncAsync();
        Assert.True(_net.RelayHas("small.bin"));
        Assert.DoesNotContain(_net.RelayFiles(), f => f.Contains(".escale-part-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("aead")]
    [InlineData("off")]
    [InlineData("fernet")]
    public async Task Parts_swapped_between_indexes_are_refused_and_stay_on_the_relay(string encryption)
    {
        var a = _net.Add("A", Split(128 * KiB, null, pullers: 1), Codec(encryption, "A"));
        var b = _net.Add("B", Split(128 * KiB, null, pullers: 1), Codec(encryption, "B"));
        WriteRandom(a, "big.bin", 300 * KiB, seed: 4);
        await a.SyncAsync();
        var one = _net.RelayPath(".big.bin.escale-part-0001-of-0003");
        var two = _net.RelayPath(".big.bin.escale-part-0002-of-0003");
        var bytesOne = File.ReadAllBytes(one);
        File.WriteAllBytes(one, File.ReadAllBytes(two));
        File.WriteAllBytes(two, bytesOne);

        var result = await b.SyncAsync();

        Assert.True(result.Failed > 0);
        Assert.False(b.Has("big.bin"));
        Assert.True(File.Exists(one) && File.Exists(two));
        var line = Assert.Single(result.Failures, f => f.Contains("part", StringComparison.Ordinal));
        Assert.Contains("relay copy kept", line, StringComparison.Ordinal);
        output.WriteLine($"{encryption}: {line}");
    }

    [Theory]
    [InlineData("off")]
    [InlineData("fernet")]
    [InlineData("aead")]
    public async Task A_part_moved_to_another_file_is_refused(string encryption)
    {
        var a = _net.Add("A", Split(128 * KiB, null, pullers: 1), Codec(encryption, "A"));
        var b = _net.Add("B", Split(128 * KiB, null, pullers: 1), Codec(encryption, "B"));
        WriteRandom(a, "x.bin", 300 * KiB, seed: 5);
        WriteRandom(a, "y.bin", 300 * KiB, seed: 6);
        await a.SyncAsync();
        File.Copy(_net.RelayPath(".x.bin.escale-part-0002-of-0003"), _net.RelayPath(".y.bin.escale-part-0002-of-0003"), overwrite: true);

        var result = await b.SyncAsync();

        Assert.True(b.Has("x.bin"));
        Assert.False(b.Has("y.bin"));
        Assert.Contains(result.Failures, f => f.Contains("y.bin", StringComparison.Ordinal) && f.Contains("part 2 of 3", StringComparison.Ordinal));
        Assert.True(_net.RelayHas(".y.bin.escale-part-0002-of-0003"));
    }

    [Fact]
    public async Task Aead_binds_each_part_to_its_file_and_index()
    {
        var codec = Codec("aead", "A")();
        var plain = new byte[1000];
        Random.Shared.NextBytes(plain);
        var encoded = new MemoryStream();
        await codec.Encode(new MemoryStream(plain), new PayloadInfo(PartPlan.BindingOf("d/f.bin", 2, 5), plain.Length, 0)).CopyToAsync(encoded);

        async Task Decode(string binding) =>
            await codec.DecodeAsync(new MemoryStream(encoded.ToArray()), new MemoryStream(), new PayloadInfo(binding, -1, 0), CancellationToken.None);

        await Decode(PartPlan.BindingOf("d/f.bin", 2, 5));
        await Assert.ThrowsAsync<PayloadIntegrityException>(() => Decode(PartPlan.BindingOf("d/f.bin", 3, 5)));
        await Assert.ThrowsAsync<PayloadIntegrityException>(() => Decode(PartPlan.BindingOf("d/f.bin", 2, 6)));
        await Assert.ThrowsAsync<PayloadIntegrityException>(() => Decode(PartPlan.BindingOf("d/g.bin", 2, 5)));
        await Assert.ThrowsAsync<PayloadIntegrityException>(() => Decode("d/f.bin"));
    }

    [Theory]
    [InlineData("off")]
    [InlineData("fernet")]
    public async Task A_corrupt_part_is_refused_by_its_digest_and_kept_on_the_relay(string encryption)
    {
        var a = _net.Add("A", Split(128 * KiB, null, pullers: 1), Codec(encryption, "A"));
        var b = _net.Add("B", Split(128 * KiB, null, pullers: 1), Codec(encryption, "B"));
        var content = WriteRandom(a, "big.bin", 300 * KiB, seed: 7);
        await a.SyncAsync();
        var part = _net.RelayPath(".big.bin.escale-part-0002-of-0003");
        var good = File.ReadAllBytes(part);
        if (encryption == "off")
        {
            var bad = (byte[])good.Clone();
            bad[1000] ^= 1;
            File.WriteAllBytes(part, bad);
        }
        else
        {
            // A valid Fernet token of other bytes: only the digest in the placeholder can tell.
            var other = new byte[128 * KiB];
            var encoded = new MemoryStream();
            await Codec(encryption, "X")().Encode(new MemoryStream(other), new PayloadInfo(PartPlan.BindingOf("big.bin", 2, 3), other.Length, 0)).CopyToAsync(encoded);
            File.WriteAllBytes(part, encoded.ToArray());
        }

        var result = await b.SyncAsync();

        Assert.Contains(result.Failures, f => f.Contains("part 2 of 3 does not match its digest", StringComparison.Ordinal));
        Assert.False(b.Has("big.bin"));
        Assert.True(File.Exists(part));
        File.WriteAllBytes(part, good); // repaired: the pull completes
        await b.SyncAsync();
        Assert.True(Same(b, "big.bin", content));
    }

    [Fact]
    public async Task A_cut_download_continues_from_its_offset_and_moves_under_1_2_times_the_size()
    {
        const long size = 2048 * KiB, split = 512 * KiB;
        var a = _net.Add("A", Split(split, null, pullers: 1));
        var b = _net.Add("B", Split(split, null, pullers: 1));
        CuttingStore? cutter = null;
        b.Decorate = s => cutter = new CuttingStore(s);
        var content = WriteRandom(a, "big.bin", size, seed: 8);
        await a.SyncAsync();
        var rng = new Random(8);
        var rounds = 0;
        var cuts = 0;
        while (!Same(b, "big.bin", content) && rounds++ < 20)
        {
            _ = b.Engine;
            cutter!.CutReadAfter = rounds <= 4 ? rng.NextInt64(1, split) : null;
            var result = await b.SyncAsync();
            output.WriteLine($"round {rounds}: {result}");
            cuts += cutter.Cuts;
            _downloadedBefore += b.Store!.BytesDownloaded;
            b.Restart(); // as after kill -9: only the spool in the state folder remains
        }

        Assert.True(Same(b, "big.bin", content));
        var moved = _downloadedBefore;
        Assert.True(cuts >= 2, $"{cuts} cuts");
        output.WriteLine($"cut download: {size} bytes in {rounds} rounds, {moved} bytes moved ({(double)moved / size:F3}x)");
        Assert.True(moved <= size * 1.2, $"{moved} bytes moved for {size}");
    }

    [Theory]
    [InlineData("off")]
    [InlineData("aead")]
    public async Task A_cut_download_of_a_whole_payload_continues_from_its_offset(string encryption)
    {
        var size = ResumableDownload.WholeThreshold + 1000 * KiB + 5;
        var a = _net.Add("A", o => o with { PullerCount = 1 }, Codec(encryption, "A"));
        var b = _net.Add("B", o => o with { PullerCount = 1 }, Codec(encryption, "B"));
        CuttingStore? cutter = null;
        var cuts = 0;
        b.Decorate = s => cutter = new CuttingStore(s);
        var content = WriteRandom(a, "whole.bin", size, seed: 10);
        await a.SyncAsync();
        var encoded = new FileInfo(_net.RelayPath("whole.bin")).Length;
        var rng = new Random(10);
        for (var round = 0; round < 20 && !Same(b, "whole.bin", content); round++)
        {
            _ = b.Engine;
            cutter!.CutReadAfter = round < 4 ? rng.NextInt64(1, size / 3) : null;
            await b.SyncAsync();
            cuts += cutter.Cuts;
            _downloadedBefore += b.Store!.BytesDownloaded;
            b.Restart(); // as after kill -9: only the spool in the state folder remains
        }

        Assert.True(Same(b, "whole.bin", content));
        Assert.True(cuts >= 4, $"{cuts} cuts");
        var moved = _downloadedBefore;
        output.WriteLine($"{encryption}: whole payload of {encoded} bytes cut {cuts} times, {moved} bytes moved ({(double)moved / encoded:F3}x)");
        Assert.True(moved <= encoded * 1.2, $"{moved} bytes moved for {encoded}");
        Assert.False(_net.RelayHas("whole.bin")); // delivered and freed
    }

    [Fact]
    public async Task A_pusher_cut_and_restarted_goes_on_at_the_next_missing_part()
    {
        const long size = 2048 * KiB, split = 256 * KiB;
        var a = _net.Add("A", Split(split, 600 * KiB, pullers: 1));
        var b = _net.Add("B", Split(split, 600 * KiB, pullers: 1));
        CuttingStore? cutter = null;
        a.Decorate = s => cutter = new CuttingStore(s);
        var content = WriteRandom(a, "big.bin", size, seed: 9);
        var rng = new Random(9);
        for (var round = 0; round < 40 && !Same(b, "big.bin", content); round++)
        {
            _ = a.Engine;
            cutter!.CutWriteAfter = round % 3 == 0 ? rng.NextInt64(1, split) : null;
            await a.SyncAsync();
            Uploaded += a.Store!.BytesUploaded;
            a.Restart(); // every pass as a fresh process (kill -9 after the pass or mid-part)
            await b.SyncAsync();
        }

        Assert.True(Same(b, "big.bin", content));
        output.WriteLine($"cut uploads: {size} bytes, {Uploaded} bytes uploaded ({(double)Uploaded / size:F3}x)");
        Assert.True(Uploaded <= size * 1.2 + 32 * KiB, $"{Uploaded} bytes uploaded for {size}"); // + placeholders
    }

    private long Uploaded { get; set; }

    private long _downloadedBefore;

    private Func<SyncOptions, SyncOptions> Split(long split, long? quota, int pullers) =>
        o => o with { SplitSize = split, DiskQuota = quota, PullerCount = pullers };

    private Func<IPayloadCodec> Codec(string encryption, string node)
    {
        if (encryption == "off")
        {
            return () => new PlainCodec("sha512");
        }

        var keyDir = Path.Combine(_net.RelayDir, "..", "keys-" + node);
        _keyDirs.Add(keyDir);
        var keyFile = Path.Combine(_net.RelayDir, "..", "fernet.key");
        if (encryption == "fernet" && !File.Exists(keyFile))
        {
            File.WriteAllText(keyFile, Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()).Replace('+', '-').Replace('/', '_') + "\n");
        }

        var passphrase = encryption == "fernet" ? keyFile : "correct horse";
        var config = EscaleConfig.Parse($"[r]\nlocal path = /tmp/x\nrelay dir = /tmp/y\nencryption = {encryption}\npassphrase = {passphrase}\n", "test.conf").Repositories[0];
        return () => PayloadCodecs.Create(config, keyDir, null, KdfParameters.Fastest);
    }

    private static byte[] WriteRandom(Node node, string relative, long size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        var p = node.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllBytes(p, bytes);
        File.SetLastWriteTimeUtc(p, DateTime.UtcNow.AddMinutes(-1));
        return bytes;
    }

    private static bool Same(Node node, string relative, byte[] content) =>
        node.Has(relative) && File.ReadAllBytes(node.PathOf(relative)).AsSpan().SequenceEqual(content);

    /// <summary>What the quota counts: payloads, parts and temp uploads (placeholders, locks and member records are not counted, as before).</summary>
    private long RelayUsage() =>
        Directory.EnumerateFiles(_net.RelayDir, "*", SearchOption.AllDirectories)
            .Where(f => RelayNames.Classify(Path.GetFileName(f), out _) is RelayNameKind.Payload or RelayNameKind.Part or RelayNameKind.TempUpload)
            .Sum(f => new FileInfo(f).Length);

    private async Task<(int Rounds, long Peak)> RunUntilAsync(IReadOnlyList<Node> nodes, Func<bool> done, Action? afterEach = null)
    {
        long peak = 0;
        for (var round = 1; round <= 200; round++)
        {
            foreach (var n in nodes)
            {
                await n.SyncAsync();
                peak = Math.Max(peak, RelayUsage());
                afterEach?.Invoke();
            }

            if (done())
            {
                return (round, peak);
            }
        }

        throw new Xunit.Sdk.XunitException("did not complete in 200 rounds");
    }
}
