using Escale.Core.Config;
using Escale.Sync.Scanning;

namespace Escale.Sync;

/// <summary>The protocol-shaping options of one repository, read once from its configuration.</summary>
public sealed record SyncOptions
{
    public required string Client { get; init; }

    public required string LocalRoot { get; init; }

    public SyncMode Mode { get; init; } = SyncMode.Shared;

    /// <summary>Pullers expected before a payload leaves the relay; null = every known peer.</summary>
    public int? PullerCount { get; init; }

    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromHours(1);

    public long? DiskQuota { get; init; }

    /// <summary>
    /// <c>payload expiry</c>: a payload this node pushed that its expected pullers have not all pulled this long
    /// after its push is removed by this node; the late pullers are owed it and served when they are back.
    /// Null = never (the default lives in <see cref="RepositoryConfig.PayloadExpiry"/>).
    /// </summary>
    public TimeSpan? PayloadExpiry { get; init; }

    public FileFilter Filter { get; init; } = FileFilter.All;

    /// <summary>A local file is pushed only after it stayed unchanged this long.</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(2);

    public bool PortableNames { get; init; }

    public int Parallelism { get; init; } = 4;

    /// <summary>
    /// Mount mode: files this node lacks are offered (listed) rather than pulled, and pulled when
    /// opened (<see cref="SyncEngine.FetchAsync"/>). Updates of files it has are still pulled.
    /// </summary>
    public bool PullOnDemand { get; init; }

    /// <summary>Deletions and renames travel as tombstones (<c>propagate deletions</c>); off: neither sent nor applied.</summary>
    public bool PropagateDeletions { get; init; } = true;

    /// <summary>How long a file trashed for another node's deletion is kept (<c>trash days</c>).</summary>
    public TimeSpan TrashKeep { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a renamed file's new version waits, payload-less, for pullers to install it from their own
    /// copy before its pusher uploads the content for those who still lack it.
    /// </summary>
    public TimeSpan RenameGrace { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Part size of big files (<c>split size</c>; 0 = <see cref="Parts.PartPlan.DefaultSplitSize"/>); null = never split.</summary>
    public long? SplitSize { get; init; }

    /// <summary>Files smaller than this travel whole (<c>min split size</c>); null = the split size.</summary>
    public long? MinSplitSize { get; init; }

    public bool MayPush => Mode is SyncMode.Shared or SyncMode.Conservative or SyncMode.Upload;

    public bool MayPull => Mode is SyncMode.Shared or SyncMode.Conservative or SyncMode.Download;

    public static SyncOptions From(RepositoryConfig config) => new()
    {
        Client = config.Client,
        LocalRoot = config.LocalPath,
        Mode = config.Mode,
        PullerCount = config.PullerCount,
        LockTimeout = config.LockTimeout,
        DiskQuota = config.DiskQuota,
        PayloadExpiry = config.PayloadExpiry,
        Filter = FileFilter.From(config),
        SettleTime = config.SettleTime,
        PortableNames = config.PortableNames,
        Parallelism = config.Transfers,
        PropagateDeletions = config.PropagateDeletions,
        TrashKeep = config.TrashKeep,
        SplitSize = config.SplitSize,
        MinSplitSize = config.MinSplitSize,
    };
}
