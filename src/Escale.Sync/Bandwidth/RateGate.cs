namespace Escale.Sync.Bandwidth;

/// <summary>
/// One direction's bandwidth limit, shared by every transfer that goes through it: a virtual clock of
/// when the bytes granted so far may have been sent. A burst of a tenth of a second is allowed, so short
/// reads do not each wait. <see cref="Reserve"/> is the pure decision; <see cref="WaitAsync"/> sleeps on
/// the injected clock. The limit can change at any time (escalectl bwlimit); a change starts afresh.
/// </summary>
public sealed class RateGate(TimeProvider time)
{
    private static readonly TimeSpan Burst = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private long? _limit;
    private long _nextTicks; // timestamp ticks (TimeProvider) when the bytes granted so far are "sent"

    /// <summary>Bytes per second; null = unlimited.</summary>
    public long? Limit
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }

        set
        {
            lock (_gate)
            {
                _limit = value is > 0 ? value : null;
                _nextTicks = 0;
            }
        }
    }

    /// <summary>Grants <paramref name="bytes"/> at timestamp <paramref name="now"/> and says how long to wait first.</summary>
    public TimeSpan Reserve(long bytes, long now)
    {
        lock (_gate)
        {
            if (_limit is not { } limit || bytes <= 0)
            {
                return TimeSpan.Zero;
            }

            var frequency = time.TimestampFrequency;
            var burstTicks = (long)(Burst.TotalSeconds * frequency);
            var start = Math.Max(_nextTicks, now - burstTicks);
            _nextTicks = start + (long)((double)bytes / limit * frequency);
            var waitTicks = _nextTicks - burstTicks - now;
            return waitTicks <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)waitTicks / frequency);
        }
    }

    public Task WaitAsync(long bytes, CancellationToken cancellationToken)
    {
        var wait = Reserve(bytes, time.GetTimestamp());
        return wait == TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, time, cancellationToken);
    }
}
