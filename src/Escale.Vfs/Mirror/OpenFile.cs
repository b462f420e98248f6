namespace Escale.Vfs.Mirror;

/// <summary>One open handle of the mirror: a real, unbuffered file plus what release must report.</summary>
internal sealed class OpenFile(FileStream stream, string relativePath, bool fetched)
{
    private readonly object _gate = new();
    private string _relativePath = relativePath;

    public FileStream Stream { get; } = stream;

    /// <summary>The handle's name now: renames of the file or a parent folder move it.</summary>
    public string RelativePath
    {
        get { lock (_gate) { return _relativePath; } }
        set { lock (_gate) { _relativePath = value; } }
    }

    /// <summary>The handle opened a file that had to be fetched first (the kernel's idea of its size may be stale).</summary>
    public bool Fetched { get; } = fetched;

    public volatile bool Written;

    /// <summary>Opened for writing and reported to the write journal: release must report the close.</summary>
    public bool Journaled { get; init; }

    public volatile bool Unlinked;
}
