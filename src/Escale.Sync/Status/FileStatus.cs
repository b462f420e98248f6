namespace Escale.Sync.Status;

/// <summary>One file's state and, for pushed files, how far delivery went.</summary>
public sealed record FileStatus(string Path, FileState State, int Pulled = 0, int Expected = 0)
{
    /// <summary>For a pushed file: who has it and who is still expected ("pulled by 1 of 2: bob; waiting: carol").</summary>
    public string? Delivery { get; init; }

    public string Describe() => State switch
    {
        FileState.Local => "local",
        FileState.Queued => "queued",
        FileState.Pushing => "pushing",
        FileState.Pulling => "pulling",
        FileState.OnRelay => Delivery is { } d ? $"on relay ({d})" : $"on relay (pulled by {Pulled} of {Expected})",
        FileState.Offered => "offered",
        FileState.Conflict => "conflict",
        FileState.Ignored => "ignored",
        FileState.InterruptedWrite => "interrupted write",
        _ => State.ToString().ToLowerInvariant(),
    };
}
