using Escale.Agent.Repository;
using Escale.Core.Config;
using Escale.Crypto;
using Escale.Relay;
using Escale.Sync;
using Escale.Sync.State;
using Microsoft.Extensions.Logging;

namespace Escale.Agent;

/// <summary>
/// One repository wired up: its relay store, codec, durable state and sync engine. The relay is
/// connected on first use (<see cref="ConnectingRelayStore"/>), so an agent starts while the relay
/// is unreachable and its engine retries; connecting also checks the repository marker.
/// </summary>
public sealed class RepositoryAgent : IAsyncDisposable
{
    private RepositoryAgent(RepositoryConfig config, ConnectingRelayStore store, StateStore state, SyncEngine engine, ILogger logger)
    {
        Config = config;
        Store = store;
        State = state;
        Engine = engine;
        Logger = logger;
    }

    public RepositoryConfig Config { get; }

    public ConnectingRelayStore Store { get; }

    public StateStore State { get; }

    public SyncEngine Engine { get; }

    public ILogger Logger { get; }

    public static Task<RepositoryAgent> OpenAsync(RepositoryConfig config, ILoggerFactory logs, TimeProvider time, CancellationToken cancellationToken, Func<SyncOptions, SyncOptions>? adjust = null, Sync.Bandwidth.BandwidthLimits? bandwidth = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var logger = logs.CreateLogger(config.Name);
        var options = SyncOptions.From(config);
        options = adjust?.Invoke(options) ?? options;
        LocalFolder.Ensure(config, options.LocalRoot);
        var stateDir = StateFolders.Prepare(config, logger);
        var codec = PayloadCodecs.Create(config, stateDir, w => logger.LogWarning("{Warning}", w));
        var state = StateStore.Open(stateDir);
        var store = new ConnectingRelayStore(ct => ConnectAsync(config, codec, logger, ct), RelayIdentity.Of(config));
        var context = new SyncContext(store, codec, state, options, time, logger) { Bandwidth = bandwidth ?? new(time), OpenWrites = Sync.State.OpenWrites.Load(stateDir) };
        return Task.FromResult(new RepositoryAgent(config, store, state, new SyncEngine(new Reconciler(context)), logger));
    }

    /// <summary>
    /// Connects to an existing relay folder (never creates one: that is escalectl init's, the wizard's
    /// or the zero-configuration default's) and checks its marker, writing it when the relay has none.
    /// </summary>
    private static async Task<IRelayStore> ConnectAsync(RepositoryConfig config, IPayloadCodec codec, ILogger logger, CancellationToken cancellationToken)
    {
        var store = await RelayStores.CreateAsync(config, RelayRootMode.MustExist, logger, cancellationToken);
        try
        {
            await RelayMarker.EnsureAsync(store, config, RelayMarker.For(config, codec), logger, cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Store.IsConnected)
        {
            await Engine.ReleaseLocksAsync();
        }

        await Store.DisposeAsync();
        State.Dispose();
    }
}
