using System.Text.Json;
using Escale.Sync.Status;

namespace Escale.Cli.Commands;

/// <summary>One repository's status for display, from a running agent or read directly (Agent = null).</summary>
public sealed record CtlRepositoryView(
    string Name,
    string Relay,
    int? Agent,
    string? RelayError,
    IReadOnlyList<CtlTransfer> Transfers,
    IReadOnlyList<string> Queue,
    IReadOnlyList<Offer> Offers,
    IReadOnlyList<FileStatus> Files,
    string? LastPass,
    DateTimeOffset? LastPassAt = null)
{
    /// <summary>Since when the agent has found the relay unreachable (it keeps running and retries).</summary>
    public DateTimeOffset? OfflineSince { get; init; }

    /// <summary>Since when the agent starts no pass (<c>escalectl pause</c>), and until when (null: until resumed).</summary>
    public DateTimeOffset? PausedSince { get; init; }

    public DateTimeOffset? PausedUntil { get; init; }

    public bool Idle => Transfers.Count == 0 && Queue.Count == 0;

    public static CtlRepositoryView From(string name, string relay, int? agent, string? relayError, RepositoryStatus status) => new(
        name,
        relay,
        agent,
        relayError ?? status.LastError,
        status.Transfers.Select(t => new CtlTransfer(t.Path, t.Direction, t.Total, t.Done, t.BytesPerSecond)).ToList(),
        status.Queue,
        status.Offers,
        status.Files,
        status.LastPass,
        status.LastPassAt)
    {
        OfflineSince = status.OfflineSince,
        PausedSince = status.PausedSince,
        PausedUntil = status.PausedUntil,
    };

    /// <summary>Reads one entry of an agent's "status" reply (the engine's status serialized with default options).</summary>
    public static CtlRepositoryView FromAgent(string name, string relay, int agent, JsonElement status)
    {
        var wire = status.Deserialize<Wire>() ?? throw new JsonException("empty status");
        return new(name, relay, agent, wire.LastError, wire.Transfers ?? [], wire.Queue ?? [], wire.Offers ?? [], wire.Files ?? [], wire.LastPass, wire.LastPassAt)
        {
            OfflineSince = wire.OfflineSince,
            PausedSince = wire.PausedSince,
            PausedUntil = wire.PausedUntil,
        };
    }

    private sealed record Wire(List<CtlTransfer>? Transfers, List<string>? Queue, List<Offer>? Offers, List<FileStatus>? Files, string? LastPass, DateTimeOffset? LastPassAt, string? LastError, DateTimeOffset? OfflineSince = null, DateTimeOffset? PausedSince = null, DateTimeOffset? PausedUntil = null);
}
