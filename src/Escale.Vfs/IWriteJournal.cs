namespace Escale.Vfs;

/// <summary>
/// Told when a synced file is opened for writing and closed again, so that a file still open when the
/// agent dies is known at restart (and held back rather than pushed half-written). Optional: the
/// mirror calls it when its <see cref="IWriteBack"/> also implements it. Called on kernel request
/// threads before the open returns; an implementation records durably and returns.
/// </summary>
public interface IWriteJournal
{
    void OpenedForWrite(string relativePath);

    /// <summary><paramref name="written"/>: the handle wrote, truncated or created the file.</summary>
    void ClosedAfterWrite(string relativePath, bool written);
}
