namespace Escale.Sync.Status;

public enum TransferDirection
{
    Push,
    Pull,
}

/// <summary>A transfer in progress; <see cref="Done"/> moves as bytes pass.</summary>
/// <param name="time">The engine's clock (rates are measured on it); the system clock when not given.</param>
public sealed class Transfer(string path, TransferDirection direction, long? total, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _done;

    public string Path { get; } = path;

    public TransferDirection Direction { get; } = direction;

    public long? Total { get; } = total;

    public long Done => Interlocked.Read(ref _done);

    public DateTimeOffset Started { get; } = (time ?? TimeProvider.System).GetUtcNow();

    /// <summary>
    /// The mean rate since the transfer began (status shows it; the live display measures over its own
    /// recent window); null while too early to tell. Serialized with the status the agent sends escalectl.
    /// </summary>
    public double? BytesPerSecond => TransferRate.Rate(Done, _time.GetUtcNow() - Started);

    internal void Add(long bytes) => Interlocked.Add(ref _done, bytes);
}

/// <summary>Percentage, rate and remaining time of a transfer: pure arithmetic on what was measured.</summary>
public static class TransferRate
{
    /// <summary>Below this, a rate would mostly measure connection set-up: not shown.</summary>
    public static readonly TimeSpan MinimumWindow = TimeSpan.FromSeconds(1);

    /// <summary>Bytes per second over a span; null when the span is too short or nothing moved.</summary>
    public static double? Rate(long bytes, TimeSpan over) =>
        over < MinimumWindow || bytes <= 0 ? null : bytes / over.TotalSeconds;

    /// <summary>Time left at this rate; null without a total or a rate.</summary>
    public static TimeSpan? Eta(long done, long? total, double? bytesPerSecond)
    {
        if (total is not { } t || bytesPerSecond is not > 0)
        {
            return null;
        }

        var seconds = Math.Max(0, t - done) / bytesPerSecond.Value;
        return seconds >= TimeSpan.MaxValue.TotalSeconds / 2 ? null : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>0..100, rounded down (100 only when complete); null without a positive total.</summary>
    public static int? Percent(long done, long? total) =>
        total is > 0 ? (int)Math.Clamp(done * 100 / total.Value, 0, 100) : null;
}
