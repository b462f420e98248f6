namespace Escale.Vfs;

/// <summary>How the front-end may cache the data of a handle that was just opened.</summary>
[Flags]
public enum VfsOpenHints
{
    None = 0,

    /// <summary>
    /// Bypass the kernel page cache for this handle: its size as the kernel last saw it may be
    /// wrong (a file just fetched, or an offer whose size was unknown), so no read may be clipped
    /// or served from stale pages.
    /// </summary>
    DirectIo = 1,
}
