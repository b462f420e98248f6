namespace Escale.Sync.Scanning;

/// <summary>A regular file of the local folder as one scan saw it.</summary>
public sealed record LocalFile(string FullPath, long Size, DateTime MtimeUtc)
{
    /// <summary>Whole seconds, as the placeholder's timestamp stores them.</summary>
    public long MtimeSeconds => new DateTimeOffset(MtimeUtc, TimeSpan.Zero).ToUnixTimeSeconds();
}
