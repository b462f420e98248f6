using System.Text;
using Escale.Core.Config;
using Escale.Crypto;
using Escale.Relay;
using Escale.Relay.Local;
using Escale.Sync;
using Escale.Sync.Scanning;
using Escale.Sync.State;
using Escale.Testing;

namespace Escale.Sync.Tests;

/// <summary>One node of a test network: its own local folder and state, a shared relay folder.</summary>
public sealed class Node : IDisposable
{
    private readonly Func<SyncOptions, SyncOptions> _configure;
    private readonly Func<IPayloadCodec>? _codec;
    private StateStore? _state;
    private SyncEngine? _engine;

    public Node(string name, string relayDir, string scratch, TimeProvider time, Func<SyncOptions, SyncOptions>? configure = null, Func<IPayloadCodec>? codec = null)
    {
        Name = name;
        RelayDir = relayDir;
        Root = Path.Combine(scratch, name, "files");
        StateDir = Path.Combine(scratch, name, "state");
        Directory.CreateDirectory(Root);
        Time = time;
        _configure = configure ?? (o => o);
        _codec = codec;
    }

    public string Name { get; }

    public string Root { get; }

    public string StateDir { get; }

    public string RelayDir { get; }

    public TimeProvider Time { get; }

    public ListLogger Log { get; } = new();

    public CountingRelayStore? Store { get; private set; }

    /// <summary>A decorator put between the counting store and the relay folder (e.g. one that cuts downloads).</summary>
    public Func<IRelayStore, IRelayStore>? Decorate { get; set; }

    /// <summary>Names added to every root listing, as a hostile server could send them.</summary>
    public IReadOnlyList<string> InjectListing { get; set; } = [];

    /// <summary>Relay folders whose listing fails, as an endless or malformed listing would.</summary>
    public HashSet<string> FailListing { get; } = [];

    public SyncEngine Engine => _engine ??= Build();

    /// <summary>The node's bandwidth limits (unlimited unless a test sets them; real clock: a limit is a real wait).</summary>
    public Bandwidth.BandwidthLimits Bandwidth { get; } = new(TimeProvider.System);

    public StateStore State => (_engine ??= Build()) is not null && _state is not null ? _state : throw new InvalidOperationException("engine not built");

    public string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    public void Write(string relative, string content, DateTime? mtimeUtc = null)
    {
        var p = PathOf(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        File.WriteAllText(p, content, new UTF8Encoding(false));
        // A past mtime makes the file settled at once (settle time is measured on mtimes).
        File.SetLastWriteTimeUtc(p, mtimeUtc ?? DateTime.UtcNow.AddMinutes(-1));
    }

    public string? Read(string relative) => File.Exists(PathOf(relative)) ? File.ReadAllText(PathOf(relative)) : null;

    public bool Has(string relative) => File.Exists(PathOf(relative));

    public async Task<PassResult> SyncAsync() => await Engine.RunOnceAsync(CancellationToken.None);

    /// <summary>Simulates a restart: drops the engine and its in-memory caches, keeps the durable state.</summary>
    public void Restart()
    {
        _state?.Dispose();
        _state = null;
        _engine = null;
    }

    public void Dispose() => _state?.Dispose();

    private SyncEngine Build()
    {
        _state = StateStore.Open(StateDir);
        IRelayStore inner = new InjectingStore(new LocalFolderStore(RelayDir, RelayTempNames.TagOf(Name)), () => InjectListing, d => FailListing.Contains(d.Value));
        Store = new CountingRelayStore(Decorate?.Invoke(inner) ?? inner);
        var options = _configure(new SyncOptions
        {
            Client = Name,
            LocalRoot = Root,
            SettleTime = TimeSpan.Zero,
            LockTimeout = TimeSpan.FromHours(1),
            Parallelism = 2,
            Filter = FileFilter.All,
        });
        var context = new SyncContext(Store, _codec?.Invoke() ?? new PlainCodec("sha512"), _state, options, Time, Log) { Bandwidth = Bandwidth, OpenWrites = OpenWrites.Load(StateDir) };
        return new SyncEngine(new Reconciler(context));
    }
}
