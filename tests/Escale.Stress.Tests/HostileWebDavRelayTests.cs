using System.Diagnostics;
using System.Text;
using Escale.Testing;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Escale.Stress.Tests;

/// <summary>
/// A hostile WebDAV relay: the tests' own proxy in front of a real Apache. It forwards every request,
/// but adds hrefs outside the relay folder (<c>../</c>, absolute, another host) and names with control
/// characters to the root listing, and answers for three planted folders with an endless PROPFIND, a
/// trickling GET and a 100 MB header. <c>escale --once</c> must end, deliver the honest file, skip (and
/// report) the rest, print no raw control character and leave nothing of ours on the relay.
/// </summary>
[Collection("stress")]
public sealed class HostileWebDavRelayTests(ITestOutputHelper output) : IDisposable
{
    private const int ApachePort = 24610; // beside the kill loops' 24600, so a soak can run meanwhile
    private const string RelayDir = "hostile";

    private readonly TempDir _dir = new("hostile-webdav");

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public async Task A_hostile_webdav_server_costs_nothing_but_its_own_folders()
    {
        var (_, data, stop) = await LoopbackServers.StartApacheAsync(_dir.Sub("apache"), ApachePort);
        var relay = Path.Combine(data, RelayDir);
        Directory.CreateDirectory(relay); // agents never create a relay folder
        File.SetUnixFileMode(relay, (UnixFileMode)0b111_111_111);
        await using var proxy = await HostileDavProxy.StartAsync(ApachePort, RelayDir);
        try
        {
            var a = _dir.Sub("a");
            var b = _dir.Sub("b");
            var slow = new byte[1 << 20];
            Random.Shared.NextBytes(slow);
            Write(a, "honest.txt", Encoding.UTF8.GetBytes("honest"));
            Write(a, "endless/e.txt", Encoding.UTF8.GetBytes("behind an endless listing"));
            Write(a, "bigheader/h.txt", Encoding.UTF8.GetBytes("behind a 100 MB header"));
            Write(a, "trickle/slow.bin", slow);
            var direct = $"host address = http://127.0.0.1:{ApachePort}/";
            var hostile = $"host address = http://127.0.0.1:{proxy.Port}/";
            var confA = Conf("a", "nodeA", a, direct);
            var confB = Conf("b", "nodeB", b, hostile);
            Assert.Equal(0, (await CliProcess.RunAsync("escale", ["-c", confA, "--once"])).Code);

            var outsideBefore = Outside();
            var clock = Stopwatch.StartNew();
            using var p = CliProcess.Start("escale", ["-c", confB, "--once"]);
            var rss = 0L;
            while (!p.HasExited && clock.Elapsed < TimeSpan.FromMinutes(4))
            {
                rss = Math.Max(rss, StressFigures.PeakRss(p.Id));
                await Task.Delay(50);
            }

            var code = await p.WaitAsync(TimeSpan.FromSeconds(30));
            var hostileRun = clock.Elapsed;
            output.WriteLine($"hostile webdav: escale --once exited {code} after {hostileRun.TotalSeconds:0.0} s, peak RSS {rss / 1024.0:0} MiB; proxy: {proxy.Summary}");
            output.WriteLine(p.Output.Length > 6000 ? p.Output[..6000] : p.Output);

            // Ended (the trickle and the endless listing are bounded), delivered the honest file, wrote nowhere else.
            Assert.True(hostileRun < TimeSpan.FromMinutes(4), "escale --once did not end");
            Assert.Equal("honest", await File.ReadAllTextAsync(Path.Combine(b, "honest.txt")));
            Assert.False(File.Exists(Path.Combine(b, "trickle", "slow.bin")), "the trickled payload was installed");
            Assert.Equal(outsideBefore, Outside());
            Assert.DoesNotContain(p.Output, c => c < 0x20 && c is not '\n' and not '\r' and not '\t');
            foreach (var log in Directory.EnumerateFiles(Path.Combine(_dir.Path, "cache-b"), "*.log", SearchOption.AllDirectories))
            {
                Assert.DoesNotContain(await File.ReadAllTextAsync(log), c => c < 0x20 && c is not '\n' and not '\r' and not '\t');
            }

            Assert.True(proxy.EndlessServed && proxy.TrickleServed && proxy.BigHeaderServed, proxy.Summary);
            Assert.True(rss < 400L << 10, $"peak RSS {rss} KiB"); // the 100 MB header and the endless body are never held

            // The same nodes against the honest server: everything arrives, nothing of ours stays.
            var figures = new StressFigures("webdav (hostile proxy, then apache)") { PeakRssKiB = rss };
            var recovery = Stopwatch.StartNew();
            proxy.Hostile = false;
            foreach (var conf in new[] { confB, confA })
            {
                var (c, text) = await CliProcess.RunAsync("escale", ["-c", conf, "--once"]);
                Assert.True(c == 0, text);
            }

            figures.Recovery = recovery.Elapsed;
            foreach (var (name, bytes) in new[] { ("trickle/slow.bin", slow), ("endless/e.txt", "behind an endless listing"u8.ToArray()), ("bigheader/h.txt", "behind a 100 MB header"u8.ToArray()) })
            {
                var got = Path.Combine(b, name);
                if (File.Exists(got) && File.ReadAllBytes(got).AsSpan().SequenceEqual(bytes))
                {
                    figures.FilesMoved++;
                }
                else
                {
                    figures.FilesLost++;
                }
            }

            figures.Leftovers = Directory.GetFiles(relay, "*", SearchOption.AllDirectories)
                .Count(f => !f.EndsWith(".placeholder", StringComparison.Ordinal) && !RelayRecords.IsRecord(Path.GetFileName(f)));
            figures.Report(output.WriteLine);
            Assert.Equal(0, figures.FilesLost);
            Assert.Equal(0, figures.Leftovers);
        }
        finally
        {
            await stop();
        }
    }

    /// <summary>Every file under the test folder but the puller's own folders and the server's, to see that nothing was written elsewhere.</summary>
    private string[] Outside() =>
        Directory.GetFiles(_dir.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_dir.Path, f))
            .Where(f => !f.StartsWith("b/", StringComparison.Ordinal) && !f.StartsWith("cache-b/", StringComparison.Ordinal) && !f.StartsWith("apache/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static void Write(string root, string name, byte[] bytes)
    {
        var path = Path.Combine(root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
    }

    private string Conf(string file, string client, string local, string address)
    {
        var path = Path.Combine(_dir.Path, file + ".conf");
        File.WriteAllText(path, $"""
            [repo]
            local path = {local}
            client = {client}
            cache dir = {Path.Combine(_dir.Path, "cache-" + file)}
            settle time = 0
            protocol = webdav
            {address}
            user = escale
            password = escale-secret
            relay dir = {RelayDir}
            timeout = 3
            minimum rate = 256K
            """);
        return path;
    }
}
