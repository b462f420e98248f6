namespace Escale.Vfs;

/// <summary>
/// Told about local changes made through the mount, so the sync side can queue pushes. Calls
/// come on kernel request threads: record and return (no I/O beyond an append to a durable
/// queue). Paths are relative; names the mount does not sync (any segment starting with '.')
/// are never reported — a rename from such a name to a synced one arrives as
/// <see cref="Changed"/>, the reverse as <see cref="Deleted"/>.
/// </summary>
public interface IWriteBack
{
    /// <summary>A file was closed after being written, was truncated, or had its times set.</summary>
    void Changed(string relativePath);

    /// <summary>A file or a whole folder moved; for a folder every path below it moved too.</summary>
    void Renamed(string from, string to);

    /// <summary>A file or an empty folder was removed locally (or an offer was declined by rm).</summary>
    void Deleted(string relativePath);
}
