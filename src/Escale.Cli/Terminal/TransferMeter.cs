using Escale.Sync.Status;

namespace Escale.Cli.Terminal;

/// <summary>
/// The recent rate of each live transfer, over the last <see cref="Window"/> of samples: a mean since
/// the start would lag for minutes after a bandwidth change (escalectl bwlimit) or a stall.
/// </summary>
public sealed class TransferMeter
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly Dictionary<Transfer, Queue<(DateTimeOffset At, long Done)>> _samples = [];

    /// <summary>Records the transfer's progress at <paramref name="now"/> and returns its rate over the window (null until known).</summary>
    public double? Sample(Transfer transfer, DateTimeOffset now) => Sample(transfer, transfer.Done, now);

    public double? Sample(Transfer transfer, long done, DateTimeOffset now)
    {
        if (!_samples.TryGetValue(transfer, out var queue))
        {
            // Its start is a sample too: the first poll then already has a span to measure.
            queue = new Queue<(DateTimeOffset, long)>([(transfer.Started, 0L)]);
            _samples[transfer] = queue;
        }

        queue.Enqueue((now, done));
        while (queue.Count > 2 && now - queue.ElementAt(1).At >= Window)
        {
            queue.Dequeue();
        }

        var (at, from) = queue.Peek();
        return TransferRate.Rate(done - from, now - at);
    }

    /// <summary>Drops the samples of transfers that ended.</summary>
    public void Forget(IEnumerable<Transfer> live)
    {
        var keep = live.ToHashSet();
        foreach (var gone in _samples.Keys.Where(t => !keep.Contains(t)).ToList())
        {
            _samples.Remove(gone);
        }
    }
}
