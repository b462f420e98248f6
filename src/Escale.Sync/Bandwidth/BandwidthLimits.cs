namespace Escale.Sync.Bandwidth;

/// <summary>
/// The upload and download limits of one agent, shared by all its repositories and transfers (an agent
/// is one process; two agents on one line each take their own limit).
/// </summary>
public sealed class BandwidthLimits(TimeProvider time)
{
    public RateGate Upload { get; } = new(time);

    public RateGate Download { get; } = new(time);

    public void Set(long? upload, long? download)
    {
        Upload.Limit = upload;
        Download.Limit = download;
    }

    /// <summary>Wraps a stream that a transfer reads from, so that its reads keep to <paramref name="gate"/>.</summary>
    /// <remarks>Always wrapped, even when unlimited: a limit set at run time then applies to transfers under way.</remarks>
    public static Stream Throttle(Stream inner, RateGate gate) => new ThrottledStream(inner, gate);
}
