namespace Escale.Relay;

/// <summary>
/// Reads through <see cref="Inner"/> while the transfer keeps to its <see cref="TransferBound"/>: each
/// read may wait only until the moment the bytes it asks for would have been due, so a relay that
/// trickles (or stalls below the idle timeout) is cut at the bound, not after it.
/// </summary>
public sealed class MinimumRateStream(Stream inner, TransferBound bound, TimeProvider time, string what) : ReadOnlyStream(inner)
{
    private readonly long _started = time.GetTimestamp();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // The pending read may take what one second's worth of data at the minimum rate is allowed, not a
        // whole buffer's: a relay answering each big read with one byte would otherwise stretch the bound.
        var left = bound.For(BytesRead + Math.Min(buffer.Length, bound.MinimumRate)) - time.GetElapsedTime(_started);
        if (left <= TimeSpan.Zero)
        {
            throw TooSlow();
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(left);
        try
        {
            var n = await Inner.ReadAsync(buffer, deadline.Token);
            BytesRead += n;
            return n;
        }
        catch (Exception e) when (e is OperationCanceledException or RelayException or IOException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TooSlow();
        }
    }

    private RelayException TooSlow() => new(RelayErrorKind.Transient,
        $"{what}: slower than the minimum rate ({bound.Describe()}): given up after {time.GetElapsedTime(_started).TotalSeconds:0} s and {BytesRead} bytes");
}
