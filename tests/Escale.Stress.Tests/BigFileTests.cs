using System.Diagnostics;
using System.Security.Cryptography;
using Escale.Testing;
using Xunit.Abstractions;

namespace Escale.Stress.Tests;

/// <summary>
/// Big files in parts (issue 15), command-line level: one file many times larger than the relay quota goes from A to
/// two pullers B and C through <c>escale --once</c> runs, some killed with SIGKILL at random points. Both must receive
/// it byte-identical; the relay's usage, sampled every 20 ms, must never exceed the quota. CI runs 128 MiB through
/// 16 MiB; <c>scripts/stress-parts</c> (ESCALE_PARTS_FULL=1) runs the 2 GiB through 200 MiB.
/// </summary>
[Collection("stress")]
public sealed class BigFileTests(ITestOutputHelper output) : IDisposable
{
    private static readonly bool Full = Environment.GetEnvironmentVariable("ESCALE_PARTS_FULL") == "1";
    private readonly TempDir _dir = new("stress-parts");

    // CI: 128 MiB through 16 MiB keeps the same ratio (10 quotas' worth, 4 parts per quota) inside the tier's 6 minutes.
    private static long Size => Full ? 2L << 30 : 128L << 20;

    private static long Quota => Full ? 200L << 20 : 16L << 20;

    private static long SplitSize => Quota / 4;

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public async Task A_big_file_passes_a_small_tmpfs_relay_in_parts_to_two_pullers()
    {
        var relay = _dir.Sub("tmpfs");
        var mount = await Shell.RunAsync("mount", "-t", "tmpfs", "-o", Full ? "size=260m" : "size=48m", "tmpfs", relay);
        Prerequisite.Require(mount == 0 ? null : "mount -t tmpfs needs root");
        try
        {
            await RunAsync("local tmpfs", $"protocol = file\nrelay path = {relay}", relay);
        }
        finally
        {
            await Shell.RunAsync("umount", "-l", relay);
        }
    }

    [SkippableFact]
    public async Task A_big_file_passes_a_small_ftp_quota_in_parts_to_two_pullers()
    {
        var (root, stop) = await LoopbackServers.StartFtpAsync(_dir.Sub("ftp"));
        try
        {
            var relay = Path.Combine(root, "parts");
            Directory.CreateDirectory(relay); // agents never create a relay folder (escalectl init does)
            File.SetUnixFileMode(relay, (UnixFileMode)0b111_111_111);
            await RunAsync("ftp (pure-ftpd)", "protocol = ftp\nhost address = 127.0.0.1\nport = 24510\nuser = escaleftp\npassword = escale-ftp-test\nrelay dir = /parts\ntimeout = 10", relay);
        }
        finally
        {
            await stop();
        }
    }

    private async Task RunAsync(string name, string relayLines, string relayDir)
    {
        var nodes = new[] { "a", "b", "c" }.Select(n => (Name: n, Dir: _dir.Sub(n))).ToList();
        var confs = nodes.Select(n => Conf(n.Name, n.Dir, relayLines)).ToList();
        var expected = WriteRandom(Path.Combine(nodes[0].Dir, "big.bin"), Size, new Random(15));
        using var sampling = new CancellationTokenSource();
        long peak = 0;
        var atPeak = "";
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var (usage, files) = Usage(relayDir);
                if (usage > peak)
                {
                    (peak, atPeak) = (usage, files);
                }

                await Task.Delay(20);
            }
        });

        var random = new Random(16);
        var clock = Stopwatch.StartNew();
        var kills = 0;
        var rounds = 0;
        var maxRounds = (int)(Size / SplitSize) * 3;
        while (!(Same(Path.Combine(nodes[1].Dir, "big.bin"), expected) && Same(Path.Combine(nodes[2].Dir, "big.bin"), expected)))
        {
            Assert.True(++rounds <= maxRounds, $"{name}: not delivered after {maxRounds} rounds ({kills} kills)");
            for (var i = 0; i < confs.Count; i++)
            {
                using var p = CliProcess.Start("escale", ["-c", confs[i], "--once"]);
                if (rounds % 3 == 1 && i == rounds % confs.Count)
                {
                    await Task.Delay(random.Next(500, 4000));
                    if (!p.HasExited)
                    {
                        p.Kill(); // kill -9 in the middle of a pass: parts journalled or spooled so far are kept
                        kills++;
                    }
                }

                var code = await p.WaitAsync(TimeSpan.FromMinutes(10));
                Assert.True(code is 0 or 1 or 137 or -1, $"{name}: escale --once exited {code}:\n{p.Output}");
            }
        }

        foreach (var conf in confs)
        {
            await CliProcess.RunAsync("escale", ["-c", conf, "--once"], timeoutSeconds: 600); // the last parts freed
        }

        await sampling.CancelAsync();
        await sampler;
        var left = Directory.GetFiles(relayDir, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Where(f => f!.Contains(".escale-part-", StringComparison.Ordinal)).ToList();
        var line = $"parts, {name}: {Size >> 20} MiB through a {Quota >> 20} MiB quota in {SplitSize >> 20} MiB parts, 2 pullers: {rounds} rounds, {kills} kill -9, "
            + $"{clock.Elapsed.TotalSeconds:F0} s, peak relay usage {peak >> 20} MiB ({peak} bytes)";
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("ESCALE_STRESS_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, line + "\n");
        }

        Assert.True(peak <= Quota, $"{name}: relay usage reached {peak} bytes, above the {Quota}-byte quota: {atPeak}");
        Assert.True(peak > 0, "the sampler saw no part: it measured nothing");
        Assert.Empty(left);
    }

    /// <summary>
    /// What the quota counts: payloads, parts and their temp uploads. Placeholders, locks, member records and the temp
    /// names they are written under (<c>..NAME.placeholder.escale-part-…</c>: the subject is itself a dot-file) are
    /// metadata, outside the quota as in Escale 0.6. pure-ftpd writes every upload under its own temp name
    /// (<c>.pureftpd-upload.*</c>) first: one under 4 KiB is a probe, lock or placeholder on its way (seen: the 2-byte
    /// connect probe), whereas a part being uploaded is counted there as it grows.
    /// </summary>
    private static (long Bytes, string Files) Usage(string relayDir)
    {
        long sum = 0;
        var seen = new System.Text.StringBuilder();
        try
        {
            foreach (var f in new DirectoryInfo(relayDir).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 }))
            {
                var n = f.Name;
                var lockOfFile = n.EndsWith(".lock", StringComparison.Ordinal) && !n.Contains(".escale-part-", StringComparison.Ordinal);
                if (!n.EndsWith(".placeholder", StringComparison.Ordinal) && !lockOfFile && !RelayRecords.IsRecord(n) && !n.StartsWith("..", StringComparison.Ordinal))
                {
                    try
                    {
                        if (n.StartsWith(".pureftpd-upload.", StringComparison.Ordinal) && f.Length < 4096)
                        {
                            continue;
                        }

                        sum += f.Length;
                        seen.Append(n).Append(' ').Append(f.Length).Append("; ");
                    }
                    catch (FileNotFoundException)
                    {
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return (sum, seen.ToString());
    }

    private string Conf(string node, string local, string relayLines)
    {
        var path = Path.Combine(_dir.Path, node + ".conf");
        File.WriteAllText(path, $"""
            [repo]
            local path = {local}
            client = node{node.ToUpperInvariant()}
            cache dir = {Path.Combine(_dir.Path, "cache-" + node)}
            settle time = 0
            lock timeout = 3600
            puller count = 2
            transfers = 2
            disk quota = {Quota >> 20}MiB
            split size = {SplitSize >> 20}MiB
            {relayLines}
            """);
        return path;
    }

    private static byte[] WriteRandom(string path, long size, Random random)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        using (var fs = File.Create(path))
        {
            for (long left = size; left > 0; left -= buffer.Length)
            {
                random.NextBytes(buffer);
                var n = (int)Math.Min(buffer.Length, left);
                fs.Write(buffer, 0, n);
                sha.AppendData(buffer, 0, n);
            }
        }

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
        return sha.GetHashAndReset();
    }

    private static bool Same(string path, byte[] sha256)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var fs = File.OpenRead(path);
        return SHA256.HashData(fs).AsSpan().SequenceEqual(sha256);
    }
}
