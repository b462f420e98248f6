namespace Escale.Relay;

/// <summary>What a relay really does, so that the protocol decides by capability, never by server name.</summary>
public sealed record RelayCapabilities
{
    /// <summary>WriteAsync(CreateNew) has exactly one winner in a race (O_EXCL, MOVE Overwrite:F, ...).</summary>
    public bool AtomicCreateNew { get; init; }

    /// <summary>
    /// Without an atomic create: how long after our CreateNew a competitor's create may still land on
    /// the same name (the protocol then re-reads the lock to see who won). FTP's create is upload, check,
    /// rename (round trips); WebDAV's MOVE Overwrite: F checks and renames inside one request.
    /// </summary>
    public TimeSpan CreateNewSettleTime { get; init; } = TimeSpan.FromMilliseconds(700);

    /// <summary>RenameAsync(overwrite: true) replaces the target in one step (no window without it).</summary>
    public bool AtomicRenameOverwrite { get; init; }

    /// <summary>AppendAsync is available.</summary>
    public bool Append { get; init; }

    /// <summary>Listings carry modification times.</summary>
    public bool ListingHasTimes { get; init; } = true;

    /// <summary>Granularity of listed mtimes (a minute for some FTP LIST formats).</summary>
    public TimeSpan TimePrecision { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Names starting with '.' can be stored and listed.</summary>
    public bool DotFilesAllowed { get; init; } = true;

    public bool CaseSensitive { get; init; } = true;

    /// <summary>An interrupted upload can leave a truncated file under the final name.</summary>
    public bool PartialUploadsVisible { get; init; }

    /// <summary>OpenReadAsync honours a non-zero offset.</summary>
    public bool ResumableDownload { get; init; }

    /// <summary>How many transfers may usefully run at once.</summary>
    public int Parallelism { get; init; } = 1;
}
