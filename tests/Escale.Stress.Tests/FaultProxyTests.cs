using System.Diagnostics;
using System.Security.Cryptography;
using Escale.Testing;
using Xunit.Abstractions;

namespace Escale.Stress.Tests;

/// <summary>
/// The project's TcpFaultProxy between the nodes and Apache, cutting or stalling most connections
/// part-way: every <c>escale --once</c> must end (stalls are bounded), and once the proxy heals every
/// file arrives whole with nothing of ours left on the relay.
/// </summary>
[Collection("stress")]
public sealed class FaultProxyTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new("stress-proxy");

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public async Task Cut_and_stalled_connections_lose_nothing_and_never_hold_a_pass()
    {
        var (_, data, stop) = await LoopbackServers.StartApacheAsync(_dir.Sub("apache"));
        Directory.CreateDirectory(Path.Combine(data, "proxied")); // agents never create a relay folder
        File.SetUnixFileMode(Path.Combine(data, "proxied"), (UnixFileMode)0b111_111_111);
        await using var proxy = new TcpFaultProxy(24600);
        try
        {
            var random = new Random(21);
            var a = _dir.Sub("a");
            var b = _dir.Sub("b");
            var files = new Dictionary<string, byte[]>();
            for (var i = 0; i < 10; i++)
            {
                var bytes = new byte[random.Next(1, 1_500_000)];
                random.NextBytes(bytes);
                files[$"f{i}.bin"] = bytes;
                File.WriteAllBytes(Path.Combine(a, $"f{i}.bin"), bytes);
                File.SetLastWriteTimeUtc(Path.Combine(a, $"f{i}.bin"), DateTime.UtcNow.AddMinutes(-5));
            }

            var lines = $"protocol = webdav\nhost address = http://127.0.0.1:{proxy.Port}/\nuser = escale\npassword = escale-secret\nrelay dir = proxied\ntimeout = 3\nminimum rate = 64K";
            var confA = Conf("a", "nodeA", a, lines);
            var confB = Conf("b", "nodeB", b, lines);
            var longest = TimeSpan.Zero;
            var figures = new StressFigures("webdav (apache) behind the fault proxy");
            var rounds = StressFigures.Budget(TimeSpan.Zero) > TimeSpan.Zero ? 24 : 8; // CI: within its 6-minute share
            for (var round = 0; round < rounds; round++)
            {
                // 70% of connections faulted; alternately cut or stalled after some bytes either way.
                proxy.ConnectionFilter = n => (n * 7919 + round) % 10 < 7;
                proxy.CutAfterDownstreamBytes = round % 2 == 0 ? random.Next(200, 400_000) : null;
                proxy.CutAfterUpstreamBytes = round % 4 == 1 ? random.Next(200, 400_000) : null;
                proxy.StallAfterDownstreamBytes = round % 2 == 1 ? random.Next(200, 400_000) : null;
                var clock = Stopwatch.StartNew();
                await CliProcess.RunAsync("escale", ["-c", round % 2 == 0 ? confA : confB, "--once"], timeoutSeconds: 600);
                longest = clock.Elapsed > longest ? clock.Elapsed : longest;
            }

            proxy.ConnectionFilter = _ => false;
            var recovery = Stopwatch.StartNew();
            foreach (var conf in new[] { confA, confB, confA, confB })
            {
                var (code, text) = await CliProcess.RunAsync("escale", ["-c", conf, "--once"]);
                Assert.True(code == 0, text);
            }

            figures.Recovery = recovery.Elapsed;
            figures.Kills = proxy.Faults; // connections cut or stalled
            foreach (var (name, bytes) in files)
            {
                var got = Path.Combine(b, name);
                if (File.Exists(got) && SHA256.HashData(File.ReadAllBytes(got)).SequenceEqual(SHA256.HashData(bytes)))
                {
                    figures.FilesMoved++;
                }
                else
                {
                    figures.FilesLost++;
                }
            }

            var relay = Path.Combine(data, "proxied");
            figures.Leftovers = Directory.GetFiles(relay, "*", SearchOption.AllDirectories)
                .Count(f => !f.EndsWith(".placeholder", StringComparison.Ordinal) && !Escale.Testing.RelayRecords.IsRecord(Path.GetFileName(f)));
            figures.Report(line => output.WriteLine(line.Replace("kills", "faulted connections", StringComparison.Ordinal) + $"; longest faulted pass {longest.TotalSeconds:0} s"));
            Assert.Equal(0, figures.FilesLost);
            Assert.Equal(0, figures.Leftovers);
            Assert.True(proxy.Faults > 0, "the proxy faulted nothing");
        }
        finally
        {
            await stop();
        }
    }

    private string Conf(string file, string client, string local, string relayLines)
    {
        var path = Path.Combine(_dir.Path, file + ".conf");
        File.WriteAllText(path, $"""
            [repo]
            local path = {local}
            client = {client}
            cache dir = {Path.Combine(_dir.Path, "cache-" + file)}
            settle time = 0
            {relayLines}
            """);
        return path;
    }
}
