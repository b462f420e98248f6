namespace Escale.Sync;

/// <summary>
/// The wait between passes: from refresh/2, growing by refresh/10 per idle pass up to refresh, back to
/// refresh/2 after a pass that moved something, and never longer than the settle time while a local
/// file is still being written.
/// </summary>
public static class AdaptiveRefresh
{
    public static TimeSpan Initial(TimeSpan refresh) => refresh / 2;

    public static TimeSpan Next(TimeSpan current, TimeSpan refresh, PassResult result, TimeSpan settleTime)
    {
        var next = result.Transfers > 0 || result.Conflicts > 0
            ? refresh / 2
            : Min(refresh, current + (refresh / 10));
        if (result.Deferred > 0)
        {
            next = Min(next, settleTime + TimeSpan.FromMilliseconds(200));
        }

        return next;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
