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
        Placeholders = new PlaceholderReader(store, Path.Combine(state.Folder, "placeholders.cache"));
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

    /// <summary>The members the last pass saw on the relay (this node's own record included once registered).</summary>
    public Members.MemberList Members { get; set; } = Sync.Members.MemberList.Empty;

    /// <summary>Files open for writing through a mount, and those held back after a crash (null: no mount).</summary>
    public State.OpenWrites? OpenWrites { get; init; }

    /// <summary>Whether every expected puller has this version (<see cref="Sync.Members.Delivery"/>).</summary>
    public bool IsDelivered(Placeholder placeholder) => Sync.Members.Delivery.IsDelivered(placeholder, Members, Options.PullerCount);

    /// <summary>Whether <paramref name="node"/> is one of the pullers this version waits for.</summary>
    public bool IsExpecting(Placeholder placeholder, string node) =>
        Options.PullerCount is not null || Sync.Members.Delivery.ExpectedPullers(placeholder, Members).Contains(node, StringComparer.Ordinal);

    /// <summary>"pulled by 1 of 2: bob; waiting: carol": how far a placeholder's delivery went, for status displays.</summary>
    public Members.DeliveryState Delivery(Placeholder placeholder) => Sync.Members.Delivery.Describe(placeholder, Members, Options.PullerCount);

    /// <summary>
    /// The <c>pushed:</c> time of a version this node uploads now, for payload expiry; null when <c>payload expiry</c>
    /// is off, so that a placeholder stays byte for byte what it was without the option.
    /// </summary>
    public long? PushStamp() => Options.PayloadExpiry is null ? null : Time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>
    /// A held version uploaded again: a fresh push time (the expiry clock starts again) and no <c>expired:</c> mark.
    /// The same instance when there is nothing to change.
    /// </summary>
    public Placeholder Restamp(Placeholder placeholder) =>
        placeholder.Pushed is null && placeholder.Expired is null && Options.PayloadExpiry is null
            ? placeholder
            : placeholder with { Pushed = Time.GetUtcNow().ToUnixTimeSeconds(), Expired = null };

    /// <summary>The <c>expect:</c> names of a version this node pushes now: every active pulling member but itself.</summary>
    public IReadOnlyList<string> ExpectedAtPush() =>
        Members.ActivePullers.Where(n => n != Options.Client).Order(StringComparer.Ordinal).ToList();
}
