using Escale.Crypto;
using Escale.Relay;
using Escale.Sync.Protocol;
using Escale.Sync.State;
using Microsoft.Extensions.Logging;

namespace Escale.Sync;

/// <summary>What every part of one repository's engine shares.</summary>
public sealed class SyncContext
{
    public SyncContext(IRelayStore store, IPayloadCodec codec, StateStore state, SyncOptions options, TimeProvider time, ILogger logger)
    {
        Store = store;
        Codec = codec;
        State = state;
        Options = options;
        Time = time;
        Logger = logger;
        Locks = new RelayLocks(store, options.Client, options.LockTimeout, time, logger);
        Placeholders = new PlaceholderReader(store, state);
    }

    public IRelayStore Store { get; }

    public IPayloadCodec Codec { get; }

    public StateStore State { get; }

    public SyncOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public RelayLocks Locks { get; }

    public PlaceholderReader Placeholders { get; }

    /// <summary>The agent's bandwidth limits, shared by all its repositories (unlimited unless the agent sets one).</summary>
    public Bandwidth.BandwidthLimits Bandwidth { get; init; } = new(TimeProvider.System);

    /// <summary>Files open for writing through a mount, and those held back after a crash (null: no mount).</summary>
    public State.OpenWrites? OpenWrites { get; init; }

    /// <summary>
    /// Whether every expected puller is listed: <c>puller count</c> of them when set, else every
    /// known peer. The pusher never counts, and an empty puller list is never "delivered".
    /// </summary>
    public bool IsDelivered(Placeholder placeholder)
    {
        var pullers = placeholder.Pullers.Where(p => p != placeholder.Pusher).ToHashSet(StringComparer.Ordinal);
        if (pullers.Count == 0)
        {
            return false;
        }

        if (Options.PullerCount is { } n)
        {
            return pullers.Count >= n;
        }

        var expected = State.Peers.Append(Options.Client).Where(p => p != placeholder.Pusher);
        return expected.All(pullers.Contains);
    }

    /// <summary>"pulled by 1 of 2": how far a placeholder's delivery went, for status displays.</summary>
    public (int Have, int Expected) Delivery(Placeholder placeholder)
    {
        var have = placeholder.Pullers.Count(p => p != placeholder.Pusher);
        var expected = Options.PullerCount
            ?? State.Peers.Append(Options.Client).Distinct().Count(p => p != placeholder.Pusher);
        return (have, Math.Max(expected, have));
    }
}
