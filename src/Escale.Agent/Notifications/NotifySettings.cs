namespace Escale.Agent.Notifications;

/// <summary>The notifier's defaults, stated here once.</summary>
/// <param name="Quiet">At most one notification per file (or repository) and kind in this time.</param>
/// <param name="LargeTransfer">A finished transfer of at least this many bytes is announced.</param>
/// <param name="OverQuotaFor">A full relay is announced once it has been full this long (a quota freed by the pullers soon is no news).</param>
/// <param name="MaxListed">More conflicts than this in one look are one notification naming the first few.</param>
public sealed record NotifySettings(TimeSpan Quiet, long LargeTransfer, TimeSpan OverQuotaFor, int MaxListed)
{
    public static readonly NotifySettings Default = new(TimeSpan.FromMinutes(10), 100L << 20, TimeSpan.FromMinutes(30), 3);
}
