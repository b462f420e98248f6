namespace Escale.Sync.Status;

/// <summary>A snapshot of one repository's engine, for status displays and <c>wait-idle</c>.</summary>
public sealed record RepositoryStatus(
    IReadOnlyList<Transfer> Transfers,
    IReadOnlyList<string> Queue,
    IReadOnlyList<Offer> Offers,
    IReadOnlyList<FileStatus> Files,
    string? LastPass,
    DateTimeOffset? LastPassAt,
    string? LastError)
{
    /// <summary>Local files and folders that ignore rules excluded in the last scan.</summary>
    public int Ignored { get; init; }

    /// <summary>Since when the relay has been unreachable (the agent keeps running and retries); null while it answers.</summary>
    public DateTimeOffset? OfflineSince { get; init; }

    /// <summary>Since when the agent starts no pass (<c>escalectl pause</c>); null while running.</summary>
    public DateTimeOffset? PausedSince { get; init; }

    /// <summary>When a pause with <c>--for</c> ends by itself; null for an open-ended pause.</summary>
    public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>Nothing queued and nothing transferring.</summary>
    public bool Idle => Transfers.Count == 0 && Queue.Count == 0;
}
