using System.Text;
using Escale.Crypto;
using Escale.Relay;
using Escale.Sync;
using Escale.Sync.State;

namespace Escale.Testing.Scenarios;

/// <summary>A node of a protocol scenario: its local folder and state, and a store on the shared relay.</summary>
public sealed class ScenarioNode : IAsyncDisposable
{
    private readonly StateStore _state;

    /// <param name="folder">The node's own folder and state name (default: its client name); a clone of a machine has its own.</param>
    /// <param name="time">The node's clock (a test's manual clock); the system clock by default.</param>
    public ScenarioNode(string name, string scratch, IRelayStore store, Func<SyncOptions, SyncOptions>? configure = null, string? folder = null, TimeProvider? time = null)
    {
        Name = name;
        Root = Path.Combine(scratch, folder ?? name);
        Directory.CreateDirectory(Root);
        _state = StateStore.Open(Path.Combine(scratch, (folder ?? name) + ".state"));
        Store = store;
        var options = new SyncOptions { Client = name, LocalRoot = Root, SettleTime = TimeSpan.Zero, Parallelism = 3 };
        options = configure?.Invoke(options) ?? options;
        Engine = new SyncEngine(new Reconciler(new SyncContext(new RetryingRelayStore(store, Log, attempts: 3, TimeSpan.FromMilliseconds(200)), new PlainCodec("sha512"), _state, options, time ?? TimeProvider.System, Log)));
    }

    public string Name { get; }

    public string Root { get; }

    public IRelayStore Store { get; }

    public SyncEngine Engine { get; }

    public ListLogger Log { get; } = new();

    public string StateFolder => _state.Folder;

    public void Write(string relative, string content, int secondsAgo = 60)
    {
        var p = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, content, new UTF8Encoding(false));
        File.SetLastWriteTimeUtc(p, DateTime.UtcNow.AddSeconds(-secondsAgo));
    }

    public string? Read(string relative) => File.Exists(Path.Combine(Root, relative)) ? File.ReadAllText(Path.Combine(Root, relative)) : null;

    public async Task<PassResult> SyncAsync()
    {
        var r = await Engine.RunOnceAsync(CancellationToken.None);
        Xunit.Assert.True(r.Failed == 0, $"{Name}: {string.Join("; ", r.Failures)}");
        return r;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.ReleaseLocksAsync();
        await Store.DisposeAsync();
        _state.Dispose();
    }
}
