using Escale.Cli.Commands;
using Escale.Relay;
using Escale.Sync.Status;

namespace Escale.Cli.Json;

/// <summary>What --json prints: records for the stable shapes, and their construction from what the verbs compute.</summary>
public static class JsonShapes
{
    /// <summary><c>status --json</c> and <c>queue --json</c>.</summary>
    public sealed record StatusDocument(IReadOnlyList<RepositoryStatusJson> Repositories);

    /// <param name="RelayState"><c>reachable</c>, <c>unreachable</c> or <c>offline</c> (an agent retrying).</param>
    /// <param name="AgentPid">The running agent's pid, null when none runs.</param>
    /// <param name="Files">Null for <c>queue</c>.</param>
    /// <param name="Offers">Null for <c>queue</c>.</param>
    public sealed record RepositoryStatusJson(
        string Name,
        string Relay,
        string RelayState,
        string? RelayError,
        DateTimeOffset? OfflineSince,
        int? AgentPid,
        IReadOnlyList<string> Queue,
        IReadOnlyList<TransferJson> Transfers,
        IReadOnlyList<OfferJson>? Offers,
        IReadOnlyList<FileJson>? Files,
        string? LastPass,
        DateTimeOffset? LastPassAt,
        bool Idle,
        DateTimeOffset? PausedSince = null,
        DateTimeOffset? PausedUntil = null);

    /// <param name="Total">Bytes, null when unknown; <paramref name="BytesPerSecond"/> and <paramref name="EtaSeconds"/> null until measured.</param>
    public sealed record TransferJson(string Path, TransferDirection Direction, long Done, long? Total, int? Percent, double? BytesPerSecond, double? EtaSeconds);

    public sealed record OfferJson(string Path, long? Size, DateTimeOffset Modified, string? Pusher);

    /// <param name="Description">The state as the plain output says it (<c>on relay (pulled by 1 of 2)</c>).</param>
    public sealed record FileJson(string Path, FileState State, string Description, int Pulled, int Expected);

    /// <summary><c>members --json</c>.</summary>
    public sealed record MembersDocument(IReadOnlyList<RepositoryMembersJson> Repositories);

    public sealed record RepositoryMembersJson(string Name, IReadOnlyList<MemberJson> Members);

    /// <param name="Lacks">Current versions it is owed and does not have (0 for retired and upload-only members).</param>
    public sealed record MemberJson(string Name, string Id, DateTimeOffset Joined, DateTimeOffset LastSeen, bool Pulls, bool Retired, int Lacks, bool ThisNode);

    /// <summary><c>probe --json</c>.</summary>
    public sealed record ProbeDocument(IReadOnlyList<RepositoryProbeJson> Repositories);

    /// <param name="Capabilities">Each <see cref="RelayCapabilities"/> property, camelCase; durations in seconds.</param>
    public sealed record RepositoryProbeJson(string Name, string? Relay, bool Reachable, string? Error, IReadOnlyDictionary<string, object?>? Capabilities, IReadOnlyList<string>? Probe);

    /// <summary><c>access --json</c>: true/false, or null for the default.</summary>
    public sealed record AccessJson(string Path, bool? Read, bool? Write, string Flags);

    /// <summary><c>bwlimit --json</c>: bytes per second, null = no limit.</summary>
    public sealed record BandwidthJson(long? Upload, long? Download);

    /// <summary><c>pause --json</c> and <c>resume --json</c>: each repository's state afterwards.</summary>
    public sealed record PauseDocument(IReadOnlyList<PauseJson> Repositories);

    /// <param name="PausedUntil">Null: until <c>resume</c> (or while running).</param>
    public sealed record PauseJson(string Name, bool Paused, DateTimeOffset? PausedSince, DateTimeOffset? PausedUntil);

    /// <summary><c>resolve --json</c>: what became of the file and its conflict copy (paths relative to the local folder).</summary>
    public sealed record ResolveJson(string Repository, string File, string Copy, string Keep, IReadOnlyList<string> Trashed, string? KeptCopyAs);

    public static RepositoryStatusJson Status(CtlRepositoryView v, bool queueOnly) => new(
        v.Name,
        v.Relay,
        v.OfflineSince is not null ? "offline" : v.RelayError is null ? "reachable" : "unreachable",
        v.RelayError,
        v.OfflineSince,
        v.Agent,
        v.Queue,
        v.Transfers.Select(t => new TransferJson(t.Path, t.Direction, t.Done, t.Total, t.Percent, t.BytesPerSecond, t.Eta?.TotalSeconds)).ToList(),
        queueOnly ? null : v.Offers.Select(o => new OfferJson(o.Path, o.Size, o.Modified, o.Pusher)).ToList(),
        queueOnly ? null : v.Files.Select(f => new FileJson(f.Path, f.State, f.Describe(), f.Pulled, f.Expected)).ToList(),
        v.LastPass,
        v.LastPassAt,
        v.Idle,
        v.PausedSince,
        v.PausedUntil);

    public static Dictionary<string, object?> Capabilities(RelayCapabilities caps)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in typeof(RelayCapabilities).GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            var value = p.GetValue(caps);
            map[p.Name + (value is TimeSpan ? "Seconds" : "")] = value is TimeSpan span ? span.TotalSeconds : value;
        }

        return map;
    }
}
