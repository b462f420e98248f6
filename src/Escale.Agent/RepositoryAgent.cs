using Escale.Core.Config;
using Escale.Crypto;
using Escale.Relay;
using Escale.Sync;
using Escale.Sync.State;
using Microsoft.Extensions.Logging;

namespace Escale.Agent;

/// <summary>One repository wired up: its relay store, codec, durable state and sync engine.</summary>
public sealed class RepositoryAgent : IAsyncDisposable
{
    private RepositoryAgent(RepositoryConfig config, IRelayStore store, StateStore state, SyncEngine engine, ILogger logger)
    {
        Config = config;
        Store = store;
        State = state;
        Engine = engine;
        Logger = logger;
    }

    public RepositoryConfig Config { get; }

    public IRelayStore Store { get; }

    public StateStore State { get; }

    public SyncEngine Engine { get; }

    public ILogger Logger { get; }

    public static async Task<RepositoryAgent> OpenAsync(RepositoryConfig config, ILoggerFactory logs, TimeProvider time, CancellationToken cancellationToken, Func<SyncOptions, SyncOptions>? adjust = null, Sync.Bandwidth.BandwidthLimits? bandwidth = null)
    {
        var logger = logs.CreateLogger(config.Name);
        var options = SyncOptions.From(config);
        options = adjust?.Invoke(options) ?? options;
        LocalFolder.Ensure(config, options.LocalRoot);
        var codec = PayloadCodecs.Create(config, config.StateDir, w => logger.LogWarning("{Warning}", w));
        var state = StateStore.Open(config.StateDir);
        try
        {
            var store = await RelayStores.CreateAsync(config, logger, cancellationToken);
            var context = new SyncContext(store, codec, state, options, time, logger) { Bandwidth = bandwidth ?? new(time), OpenWrites = Sync.State.OpenWrites.Load(config.StateDir) };
            return new RepositoryAgent(config, store, state, new SyncEngine(new Reconciler(context)), logger);
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.ReleaseLocksAsync();
        await Store.DisposeAsync();
        State.Dispose();
    }
}
