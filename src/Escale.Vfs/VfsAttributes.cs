namespace Escale.Vfs;

/// <summary>
/// What a front-end needs to answer a stat: owner and inode are the front-end's business (the
/// mount belongs to the user running it), so they are not here.
/// </summary>
/// <param name="Mode">Permission bits only (rwx for user/group/other plus setuid/setgid/sticky).</param>
/// <param name="Offered">True when the entry comes from the relay and is not (up to date) locally.</param>
/// <param name="SizeUnknown">True when <see cref="Size"/> is a stand-in (an offer whose plaintext size the format hides).</param>
public readonly record struct VfsAttributes(
    VfsEntryKind Kind,
    UnixFileMode Mode,
    long Size,
    DateTimeOffset Accessed,
    DateTimeOffset Modified,
    DateTimeOffset Changed,
    bool Offered = false,
    bool SizeUnknown = false)
{
    /// <summary>512-byte blocks, as st_blocks counts them (apparent size: we cannot see holes through .NET).</summary>
    public long Blocks => (Size + 511) / 512;
}
