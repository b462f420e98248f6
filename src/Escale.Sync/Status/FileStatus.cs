namespace Escale.Sync.Status;

/// <summary>One file's state and, for pushed files, how far delivery went.</summary>
public sealed record FileStatus(string Path, FileState State, int Pulled = 0, int Expected = 0)
{
    /// <summary>A pushed version that no node is expected to pull yet: the pusher is alone in the repository.</summary>
    public const string NoPullerYet = "waiting for a puller to join";

    /// <summary>What an expired version this node lacks says in <see cref="Delivery"/>.</summary>
    public const string OwedToThisNode = "owed to this node";

    /// <summary>For a pushed file: who has it and who is still expected ("pulled by 1 of 2: bob; waiting: carol").</summary>
    public string? Delivery { get; init; }

    public string Describe() => State switch
    {
        FileState.Local => "local",
        FileState.Queued => "queued",
        FileState.Pushing => "pushing",
        FileState.Pulling => "pulling",
        FileState.OnRelay => $"on relay ({Delivery ?? (Expected == 0 && Pulled == 0 ? NoPullerYet : $"pulled by {Pulled} of {Expected}")})",
        FileState.Offered => "offered",
        FileState.Conflict => "conflict",
        FileState.Deleted => "deleted here; not propagated",
        FileState.Ignored => "ignored",
        FileState.InterruptedWrite => "interrupted write",
        FileState.Expired => $"expired on relay, {Delivery ?? "owed"}",
        _ => State.ToString().ToLowerInvariant(),
    };
}
