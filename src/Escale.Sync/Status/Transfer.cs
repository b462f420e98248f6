namespace Escale.Sync.Status;

public enum TransferDirection
{
    Push,
    Pull,
}

/// <summary>A transfer in progress; <see cref="Done"/> moves as bytes pass.</summary>
public sealed class Transfer(string path, TransferDirection direction, long? total)
{
    private long _done;

    public string Path { get; } = path;

    public TransferDirection Direction { get; } = direction;

    public long? Total { get; } = total;

    public long Done => Interlocked.Read(ref _done);

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    internal void Add(long bytes) => Interlocked.Add(ref _done, bytes);
}
