namespace Escale.Vfs.Mirror;

public sealed class MirrorFolderOptions
{
    /// <summary>How long an open of an offered file waits for its fetch before failing with EIO. The fetch itself goes on.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Which relative paths are reported to <see cref="IWriteBack"/>; by default every path without a segment starting with '.'.</summary>
    public Func<string, bool> IsSynced { get; init; } = DefaultIsSynced;

    public static bool DefaultIsSynced(string relativePath) =>
        relativePath.Length > 0 && !relativePath.StartsWith('.') && !relativePath.Contains("/.", StringComparison.Ordinal);
}
