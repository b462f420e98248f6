using Escale.Relay.Ftp.Client;
using Escale.Relay.Ftp.Tests.Servers;
using Escale.Relay.Ftp.Tests.Support;
using Escale.Testing;
using Escale.Testing.Scenarios;
using Xunit.Abstractions;

namespace Escale.Relay.Ftp.Tests;

/// <summary>
/// Big files in parts over pure-ftpd (issue 15), with every passive data connection of the puller behind a
/// <see cref="TcpFaultProxy"/>: downloads cut at random points continue at their offset (REST) in the next pass,
/// and the bytes moved stay within 1.2 times the relay size of the file.
/// </summary>
[Collection("pure-ftpd")]
public sealed class PartsResumeTests(PureFtpdServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private const int MiB = 1 << 20;
    private readonly TempDir _dir = new("parts-ftp");
    private readonly List<ScenarioNode> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var n in _nodes)
        {
            await n.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task A_split_download_cut_at_random_points_completes_within_1_2_times_its_size()
    {
        var folder = "parts-" + Guid.NewGuid().ToString("N")[..10];
        await using var proxies = new DataProxies();
        Func<Sync.SyncOptions, Sync.SyncOptions> split = o => o with { SplitSize = MiB, PullerCount = 1, Parallelism = 2 };
        var a = Add(new ScenarioNode("A", _dir.Path, await server.ConnectAsync(FtpTlsMode.None, folder), split));
        var counting = new CountingRelayStore(await server.ConnectAsync(FtpTlsMode.None, folder, options: server.Options(FtpTlsMode.None, dataMap: proxies.Map)));
        var b = Add(new ScenarioNode("B", _dir.Path, counting, split));
        var content = new byte[6 * MiB + 12345];
        new Random(17).NextBytes(content);
        var file = Path.Combine(a.Root, "big.bin");
        await File.WriteAllBytesAsync(file, content);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-5));
        await a.SyncAsync();
        var onRelay = Directory.GetFiles(Path.Combine(server.Root, folder), ".big.bin.escale-part-*").Sum(f => new FileInfo(f).Length);
        Assert.Equal(7, Directory.GetFiles(Path.Combine(server.Root, folder), ".big.bin.escale-part-*").Length);

        var random = new Random(18);
        var cuts = 0;
        var rounds = 0;
        var got = Path.Combine(b.Root, "big.bin");
        while (!(File.Exists(got) && File.ReadAllBytes(got).AsSpan().SequenceEqual(content)))
        {
            Assert.True(++rounds <= 30, $"not complete after 30 passes ({cuts} cuts)");
            var cutting = rounds <= 4;
            // Listings are small: a cut after 64 KiB or more hits part downloads, each at its own random point.
            proxies.Arm(cutting ? (p, _) => p.CutAfterDownstreamBytes = random.Next(64 << 10, MiB) : null);
            var result = await b.Engine.RunOnceAsync(CancellationToken.None);
            cuts += result.Failed;
            output.WriteLine($"pass {rounds}: {result}");
        }

        var moved = counting.BytesDownloaded;
        output.WriteLine($"ftp: {onRelay} bytes of parts, {cuts} cut downloads, {rounds} passes, {moved} bytes moved ({(double)moved / onRelay:F3}x)");
        Assert.True(cuts >= 3, $"only {cuts} cuts: the test cut nothing");
        Assert.True(moved <= onRelay * 1.2, $"{moved} bytes moved for {onRelay}");
    }

    private ScenarioNode Add(ScenarioNode node)
    {
        _nodes.Add(node);
        return node;
    }
}
