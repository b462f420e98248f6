using System.Diagnostics;
using System.Text;
using Escale.Testing;
using Xunit.Abstractions;

namespace Escale.Stress.Tests;

/// <summary>
/// A hostile local relay folder: symbolic links pointing out of it and into it, a 300 MB placeholder
/// (sparse), a placeholder with 100 000 puller names (one with an ESC sequence). <c>escale --once</c>
/// must end, write nothing outside, still deliver the honest file, and print no raw control character.
/// </summary>
[Collection("stress")]
public sealed class HostileLocalRelayTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new("hostile-local");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_hostile_relay_folder_costs_nothing_but_its_own_files()
    {
        var relay = _dir.Sub("relay");
        var outside = _dir.Sub("outside");
        var secret = Path.Combine(outside, "secret.txt");
        await File.WriteAllTextAsync(secret, "not for the relay");
        var a = _dir.Sub("a");
        var b = _dir.Sub("b");
        var confA = Conf("a", "nodeA", a, relay);
        var confB = Conf("b", "nodeB", b, relay);
        await File.WriteAllTextAsync(Path.Combine(a, "honest.txt"), "honest");
        File.SetLastWriteTimeUtc(Path.Combine(a, "honest.txt"), DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal(0, (await CliProcess.RunAsync("escale", ["-c", confA, "--once"])).Code);

        // Links out (a folder and a file) and in (a folder pointing back inside the relay).
        Directory.CreateSymbolicLink(Path.Combine(relay, "pushdir"), outside);
        File.CreateSymbolicLink(Path.Combine(relay, "leak.txt"), secret);
        File.CreateSymbolicLink(Path.Combine(relay, ".leak.txt.placeholder"), secret);
        Directory.CreateSymbolicLink(Path.Combine(relay, "loop"), relay);
        // 300 MB placeholder (sparse) beside a payload.
        await File.WriteAllTextAsync(Path.Combine(relay, "huge.bin"), "x");
        using (var fs = File.Create(Path.Combine(relay, ".huge.bin.placeholder")))
        {
            fs.Write("placeholder%1.0\npusher: evil\n"u8);
            fs.SetLength(300L << 20);
        }

        // 100 000 puller names, one of them an ESC sequence.
        var sb = new StringBuilder("placeholder%1.0\npusher: evil\u001b[2J\ntimestamp: 1700000000\n---pullers---\n");
        for (var i = 0; i < 100_000; i++)
        {
            sb.Append(i == 5 ? "evil\u001b]0;owned\u0007" : $"puller-{i}").Append('\n');
        }

        await File.WriteAllTextAsync(Path.Combine(relay, ".many.txt.placeholder"), sb.ToString());
        await File.WriteAllTextAsync(Path.Combine(relay, "many.txt"), "many");

        var clock = Stopwatch.StartNew();
        using var p = CliProcess.Start("escale", ["-c", confB, "--once"]);
        var rss = 0L;
        while (!p.HasExited && clock.Elapsed < TimeSpan.FromMinutes(4))
        {
            rss = Math.Max(rss, StressFigures.PeakRss(p.Id));
            await Task.Delay(50);
        }

        var code = await p.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"hostile local relay: escale --once exited {code} after {clock.Elapsed.TotalSeconds:0.0} s, peak RSS {rss / 1024.0:0} MiB");
        output.WriteLine(p.Output.Length > 4000 ? p.Output[..4000] : p.Output);

        Assert.Equal("honest", await File.ReadAllTextAsync(Path.Combine(b, "honest.txt")));
        Assert.Equal(["secret.txt"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName));
        Assert.Equal("not for the relay", await File.ReadAllTextAsync(secret));
        Assert.False(File.Exists(Path.Combine(b, "leak.txt")));
        Assert.DoesNotContain(p.Output, c => c < 0x20 && c is not '\n' and not '\r' and not '\t');
        Assert.True(rss < 1L << 20, $"peak RSS {rss} KiB"); // far below the 300 MB placeholder held in memory twice
    }

    private string Conf(string file, string client, string local, string relay)
    {
        var path = Path.Combine(_dir.Path, file + ".conf");
        File.WriteAllText(path, $"""
            [repo]
            local path = {local}
            protocol = file
            relay path = {relay}
            client = {client}
            cache dir = {Path.Combine(_dir.Path, "cache-" + file)}
            settle time = 0
            """);
        return path;
    }
}
