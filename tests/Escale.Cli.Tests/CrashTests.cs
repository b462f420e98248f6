using Escale.Testing;
using System.Security.Cryptography;

namespace Escale.Cli.Tests;

/// <summary>
/// kill -9 of a pushing and of a pulling escale at random points, then restart: every file arrives
/// intact, no lock and no temp file stays behind, and no local file is ever seen truncated.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private readonly TwoNodeSetup _setup = new();
    private readonly HashSet<string> _history = [];

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Kill_minus_9_at_random_points_loses_nothing()
    {
        var random = new Random(20261121);
        var expected = new Dictionary<string, byte[]>();
        for (var i = 0; i < 24; i++)
        {
            var size = i % 4 == 0 ? 3_000_000 + random.Next(1_000_000) : random.Next(0, 200_000);
            var data = new byte[size];
            random.NextBytes(data);
            var name = i % 3 == 0 ? $"dir {i % 2}/file {i}.bin" : $"f{i}.bin";
            expected[name] = data;
            _history.Add(Convert.ToHexString(SHA256.HashData(data)));
            var path = Path.Combine(_setup.A, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, data);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
        }

        var kills = 0;
        var names = expected.Keys.ToList();
        for (var round = 0; round < 12; round++)
        {
            Rewrite(expected, names, random, 5);
            kills += await KillAtRandomAsync(_setup.ConfA, random) ? 1 : 0;
            AssertNoTruncation(_setup.A, expected); // the pusher's files are only ever read
        }

        for (var round = 0; round < 12; round++)
        {
            Rewrite(expected, names, random, 5);
            await CliProcess.RunAsync("escale", ["-c", _setup.ConfA, "--once"]);
            kills += await KillAtRandomAsync(_setup.ConfB, random) ? 1 : 0;
            AssertNoTruncation(_setup.B, expected);
        }

        // Restart to completion. A node's leftover locks are its own to clear (or anyone's after the
        // lock timeout), so each node runs once more after the other.
        await CliProcess.RunAsync("escale", ["-c", _setup.ConfA, "--once"]);
        await CliProcess.RunAsync("escale", ["-c", _setup.ConfB, "--once"]);
        var (codeA, outA) = await CliProcess.RunAsync("escale", ["-c", _setup.ConfA, "--once"]);
        Assert.True(codeA == 0, outA);
        var (codeB, outB) = await CliProcess.RunAsync("escale", ["-c", _setup.ConfB, "--once"]);
        Assert.True(codeB == 0, outB);

        Assert.True(kills >= 20, $"only {kills} of 24 runs were killed before finishing");
        foreach (var (name, data) in expected)
        {
            var got = Path.Combine(_setup.B, name);
            Assert.True(File.Exists(got), $"{name} missing at B");
            Assert.Equal(SHA256.HashData(data), SHA256.HashData(File.ReadAllBytes(got)));
            Assert.Equal(SHA256.HashData(data), SHA256.HashData(File.ReadAllBytes(Path.Combine(_setup.A, name))));
        }

        // The repository marker stays (it is the relay's, not a transfer's); everything else is counted.
        var relayFiles = Directory.GetFiles(_setup.Relay, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Where(f => f != ".escale-repository.lock").ToList();
        Assert.DoesNotContain(relayFiles, f => f!.EndsWith(".lock", StringComparison.Ordinal));
        Assert.All(relayFiles, f => Assert.EndsWith(".placeholder", f));
        Assert.Equal(expected.Count, relayFiles.Count);
        Assert.Empty(Directory.GetFiles(_setup.B, ".escale-tmp-*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_setup.A, ".escale-tmp-*", SearchOption.AllDirectories));
    }

    private static async Task<bool> KillAtRandomAsync(string conf, Random random)
    {
        using var p = CliProcess.Start("escale", ["-c", conf, "--once"]);
        await Task.Delay(random.Next(120, 320)); // a run takes ~0.25 s to start and some more per MB
        var killed = !p.HasExited;
        p.Kill();
        return killed;
    }

    /// <summary>New content for a few files; the pusher must send the new version.</summary>
    private void Rewrite(Dictionary<string, byte[]> expected, List<string> names, Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var name = names[random.Next(names.Count)];
            var data = new byte[i < 2 ? random.Next(4_000_000, 9_000_000) : random.Next(1, 300_000)];
            random.NextBytes(data);
            expected[name] = data;
            _history.Add(Convert.ToHexString(SHA256.HashData(data)));
            var path = Path.Combine(_setup.A, name);
            File.WriteAllBytes(path, data);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5).AddSeconds(random.Next(60)));
        }
    }

    /// <summary>Every file present is a whole version that A once wrote: never a prefix or a mix.</summary>
    private void AssertNoTruncation(string root, Dictionary<string, byte[]> expected)
    {
        foreach (var name in expected.Keys)
        {
            var path = Path.Combine(root, name);
            if (File.Exists(path))
            {
                var got = File.ReadAllBytes(path);
                Assert.True(_history.Contains(Convert.ToHexString(SHA256.HashData(got))), $"{name} at {root} is not a version A ever wrote ({got.Length} bytes)");
            }
        }
    }
}
