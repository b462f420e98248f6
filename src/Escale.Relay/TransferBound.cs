namespace Escale.Relay;

/// <summary>
/// The total time a transfer may take, on top of the drivers' idle timeout: a relay that trickles one
/// byte every two seconds never trips an idle timeout of ten, and would hold <c>escale --once</c> for
/// ever. A transfer of N bytes may take <see cref="Grace"/> + N / <see cref="MinimumRate"/>; past that it
/// is given up (transient: the next pass tries again). Pure arithmetic, so it is tested as a table.
/// </summary>
public sealed record TransferBound(long MinimumRate, TimeSpan Grace)
{
    /// <summary>A listing is read whole before use; this size caps its budget (a bigger one is slower than any real relay).</summary>
    public const long ListingBudgetBytes = 4L << 20;

    public static readonly TransferBound Default = new(16 * 1024, TimeSpan.FromSeconds(60));

    /// <summary>The longest <paramref name="bytes"/> may take.</summary>
    public TimeSpan For(long bytes) =>
        Grace + TimeSpan.FromSeconds((double)Math.Max(0, bytes) / Math.Max(1, MinimumRate));

    /// <summary>Whether <paramref name="bytes"/> moved in <paramref name="elapsed"/> is still within the bound.</summary>
    public bool Within(long bytes, TimeSpan elapsed) => elapsed <= For(bytes);

    public string Describe() => $"{MinimumRate / 1024.0:0.#} KiB/s after {Grace.TotalSeconds:0} s";
}
