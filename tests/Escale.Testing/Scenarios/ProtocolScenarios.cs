using Escale.Core.Paths;
using Escale.Relay;
using Escale.Sync;
using Xunit;

namespace Escale.Testing.Scenarios;

/// <summary>
/// The multi-node protocol scenarios, run against every store on real servers: a store's test class
/// derives from this and opens stores on one relay folder shared by the nodes of a test.
/// </summary>
public abstract partial class ProtocolScenarios : IAsyncLifetime
{
    /// <summary>A scenario a store is known to fail (reported as skipped with the reason, never as passed).</summary>
    protected virtual string? KnownGap(string scenario) => null;

    private readonly TempDir _dir = new("scenario");
    private readonly List<ScenarioNode> _nodes = [];

    /// <summary>A fresh relay folder name for this test (each node opens its own store on it).</summary>
    protected string RelayFolder { get; } = "scn-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A store for <paramref name="client"/> rooted at <paramref name="relayFolder"/> on the server.</summary>
    protected abstract Task<IRelayStore> OpenStoreAsync(string relayFolder, string client);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var n in _nodes)
        {
            await n.DisposeAsync();
        }

        _dir.Dispose();
    }

    protected async Task<ScenarioNode> NodeAsync(string name, Func<SyncOptions, SyncOptions>? configure = null, string? folder = null, TimeProvider? time = null)
    {
        var node = new ScenarioNode(name, _dir.Path, await OpenStoreAsync(RelayFolder, name), configure, folder, time);
        _nodes.Add(node);
        return node;
    }

    private static async Task<bool> ExistsAsync(ScenarioNode n, string path) =>
        await n.Store.StatAsync(RelayPath.Parse(path), CancellationToken.None) is not null;

    [SkippableFact]
    public async Task Files_and_modifications_cross_with_awkward_names()
    {
        Skip.If(KnownGap(nameof(Files_and_modifications_cross_with_awkward_names)) is not null, KnownGap(nameof(Files_and_modifications_cross_with_awkward_names)));
        var a = await NodeAsync("nodeA");
        var b = await NodeAsync("nodeB");
        string[] names = ["plain.txt", "with space.txt", "sub dir/ünïcødé ✓.txt", "deep/er/percent%20#hash.txt"];
        foreach (var n in names)
        {
            a.Write(n, "v1 of " + n);
        }

        Assert.Equal(names.Length, (await a.SyncAsync()).Pushed);
        Assert.Equal(names.Length, (await b.SyncAsync()).Pulled);
        foreach (var n in names)
        {
            Assert.Equal("v1 of " + n, b.Read(n));
            Assert.False(await ExistsAsync(a, n), $"{n}: payload must leave the relay after its only puller");
            Assert.True(await ExistsAsync(a, RelayPath.Parse(n).Sibling("." + RelayPath.Parse(n).Name + ".placeholder").Value));
        }

        b.Write("with space.txt", "v2 from B", secondsAgo: 5);
        await b.SyncAsync();
        await a.SyncAsync();
        Assert.Equal("v2 from B", a.Read("with space.txt"));
    }

    [Fact]
    public async Task Payload_leaves_after_the_second_of_two_expected_pullers()
    {
        var a = await NodeAsync("A", o => o with { PullerCount = 2 });
        var b = await NodeAsync("B", o => o with { PullerCount = 2 });
        var c = await NodeAsync("C", o => o with { PullerCount = 2 });
        a.Write("shared.bin", new string('s', 100_000));
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.True(await ExistsAsync(a, "shared.bin"), "gone after the first of two pullers");
        await c.SyncAsync();
        Assert.False(await ExistsAsync(a, "shared.bin"));
        Assert.Equal(new string('s', 100_000), c.Read("shared.bin"));
    }

    [Fact]
    public async Task Concurrent_edits_keep_both_versions()
    {
        var a = await NodeAsync("A");
        var b = await NodeAsync("B");
        a.Write("doc.txt", "base");
        await a.SyncAsync();
        await b.SyncAsync();
        a.Write("doc.txt", "A's edit", secondsAgo: 40);
        b.Write("doc.txt", "B's edit", secondsAgo: 20);
        await a.SyncAsync();
        Assert.Equal(1, (await b.SyncAsync()).Conflicts);
        await a.SyncAsync();
        Assert.Equal("B's edit", a.Read("doc.txt"));
        Assert.Equal("B's edit", b.Read("doc.txt"));
        Assert.Single(Directory.GetFiles(a.Root, "doc.escale-conflict-*-A.txt"));
        Assert.Single(Directory.GetFiles(b.Root, "doc.escale-conflict-*-A.txt"));
    }

    [Fact]
    public async Task Two_pushers_of_the_same_name_never_corrupt_it()
    {
        var a = await NodeAsync("A");
        var b = await NodeAsync("B");
        a.Write("race.txt", "from A " + new string('a', 200_000), secondsAgo: 30);
        b.Write("race.txt", "from B " + new string('b', 200_000), secondsAgo: 10);
        await Task.WhenAll(a.SyncAsync(), b.SyncAsync());
        for (var i = 0; i < 3; i++)
        {
            await a.SyncAsync();
            await b.SyncAsync();
        }

        Assert.Equal(a.Read("race.txt"), b.Read("race.txt"));
        Assert.StartsWith("from B", a.Read("race.txt"), StringComparison.Ordinal); // the newer one keeps the name
        var copies = Directory.GetFiles(a.Root, "race.escale-conflict-*.txt");
        Assert.True(copies.Length == 1, "A:\n" + string.Join("\n", a.Log.Lines.Select(l => l.Message)) + "\nB:\n" + string.Join("\n", b.Log.Lines.Select(l => l.Message)));
        Assert.StartsWith("from A", File.ReadAllText(copies[0]), StringComparison.Ordinal);
    }
}
