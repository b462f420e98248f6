using System.Diagnostics;
using System.Security.Cryptography;
using Escale.Testing;

namespace Escale.Stress.Tests;

/// <summary>
/// Two nodes on one relay; <c>escale --once</c> of the pusher (A) and of the puller (B) killed with
/// SIGKILL at random points while A's files are rewritten, then both run to completion. Every file
/// must arrive whole (a version A wrote), and a clean stop must leave only placeholders on the relay.
/// </summary>
public sealed class KillLoop(string name, string root, string relayLines, Func<IEnumerable<string>> relayFiles)
{
    private readonly HashSet<string> _history = [];
    private readonly Dictionary<string, byte[]> _expected = [];

    private string A => Path.Combine(root, "a");

    private string B => Path.Combine(root, "b");

    public async Task<StressFigures> RunAsync(int minKills, TimeSpan budget, Random random)
    {
        Directory.CreateDirectory(A);
        Directory.CreateDirectory(B);
        var confA = Conf("a", "nodeA", A);
        var confB = Conf("b", "nodeB", B);
        for (var i = 0; i < 16; i++)
        {
            WriteFile(i % 3 == 0 ? $"dir {i % 2}/file {i}.bin" : $"f{i}.bin", random, i % 5 == 0 ? 2_000_000 : 150_000);
        }

        var figures = new StressFigures(name);
        var names = _expected.Keys.ToList();
        var clock = Stopwatch.StartNew();
        for (var round = 0; figures.Kills < minKills || clock.Elapsed < budget; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                WriteFile(names[random.Next(names.Count)], random, i == 0 ? 3_000_000 : 200_000);
            }

            var conf = round % 2 == 0 ? confA : confB;
            using var p = CliProcess.Start("escale", ["-c", conf, "--once"]);
            await Task.Delay(random.Next(150, 900));
            figures.PeakRssKiB = Math.Max(figures.PeakRssKiB, StressFigures.PeakRss(p.Id));
            if (!p.HasExited)
            {
                p.Kill();
                figures.Kills++;
            }

            AssertWhole(B);
            if (round % 5 == 4)
            {
                await RunToEndAsync(confA); // progress between kills, as a restarted agent would make
            }
        }

        // Run both to completion; with a quota smaller than the data, a pass delivers what fits, so
        // alternate until B has everything (bounded), then once more each for the cleanup.
        var recovery = Stopwatch.StartNew();
        for (var pair = 0; pair < 2 || (pair < 16 && !Complete()); pair++)
        {
            foreach (var conf in new[] { confA, confB })
            {
                var (code, output) = await RunToEndAsync(conf);
                // First round: the other node may have been killed holding locks, which only its own next
                // run clears (before the lock timeout); "busy" is then the truthful exit 1. Later rounds: 0.
                Assert.True(code == 0 || (pair == 0 && code == 1), $"{name}: escale --once after the kills exited {code}:\n{output}");
            }
        }

        figures.Recovery = recovery.Elapsed;
        foreach (var (file, data) in _expected)
        {
            var got = Path.Combine(B, file);
            if (File.Exists(got) && SHA256.HashData(File.ReadAllBytes(got)).SequenceEqual(SHA256.HashData(data)))
            {
                figures.FilesMoved++;
            }
            else
            {
                figures.FilesLost++;
            }
        }

        // Member records and the repository marker stay by design; anything else but placeholders is a leftover.
        var left = relayFiles().Select(Path.GetFileName).Where(f => !f!.EndsWith(".placeholder", StringComparison.Ordinal) && !Escale.Testing.RelayRecords.IsRecord(f)).ToList();
        figures.Leftovers = left.Count;
        Assert.True(figures.FilesLost == 0, $"{figures}");
        Assert.True(left.Count == 0, $"{figures}; left on the relay: {string.Join(", ", left)}");
        return figures;
    }

    private bool Complete() => _expected.All(e =>
        File.Exists(Path.Combine(B, e.Key)) && SHA256.HashData(File.ReadAllBytes(Path.Combine(B, e.Key))).SequenceEqual(SHA256.HashData(e.Value)));

    private async Task<(int, string)> RunToEndAsync(string conf)
    {
        using var p = CliProcess.Start("escale", ["-c", conf, "--once"]);
        var rss = 0L;
        while (!p.HasExited)
        {
            rss = Math.Max(rss, StressFigures.PeakRss(p.Id));
            await Task.Delay(100);
        }

        return (await p.WaitAsync(TimeSpan.FromMinutes(3)), p.Output);
    }

    private string Conf(string file, string client, string local)
    {
        var path = Path.Combine(root, file + ".conf");
        File.WriteAllText(path, $"""
            [repo]
            local path = {local}
            client = {client}
            cache dir = {Path.Combine(root, "cache-" + file)}
            settle time = 0
            lock timeout = 3600
            {relayLines}
            """);
        return path;
    }

    private void WriteFile(string file, Random random, int maxSize)
    {
        var data = new byte[random.Next(0, maxSize)];
        random.NextBytes(data);
        _expected[file] = data;
        _history.Add(Convert.ToHexString(SHA256.HashData(data)));
        var path = Path.Combine(A, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, data);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5).AddSeconds(random.Next(60)));
    }

    /// <summary>Every file the puller has is a whole version A once wrote: never a prefix or a mix.</summary>
    private void AssertWhole(string dir)
    {
        foreach (var file in _expected.Keys)
        {
            var path = Path.Combine(dir, file);
            if (File.Exists(path))
            {
                var got = File.ReadAllBytes(path);
                Assert.True(_history.Contains(Convert.ToHexString(SHA256.HashData(got))), $"{name}: {file} at B is not a version A wrote ({got.Length} bytes)");
            }
        }
    }
}
