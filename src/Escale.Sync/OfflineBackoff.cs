namespace Escale.Sync;

/// <summary>
/// How long to wait before trying an unreachable relay again: 1 s, doubling, capped at 5 minutes.
/// Pure, so the schedule is a table test; the engine sleeps on its TimeProvider.
/// </summary>
public static class OfflineBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    /// <param name="failures">Consecutive failed attempts, at least 1.</param>
    public static TimeSpan Delay(int failures)
    {
        var exponent = Math.Clamp(failures - 1, 0, 20);
        var seconds = First.TotalSeconds * Math.Pow(2, exponent);
        return seconds >= Max.TotalSeconds ? Max : TimeSpan.FromSeconds(seconds);
    }
}
