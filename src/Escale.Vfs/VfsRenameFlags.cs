namespace Escale.Vfs;

[Flags]
public enum VfsRenameFlags
{
    None = 0,

    /// <summary>RENAME_NOREPLACE (what `mv -n` sends): fail with <see cref="VfsError.Exists"/>.</summary>
    NoReplace = 1,

    /// <summary>RENAME_EXCHANGE: swap the two names atomically.</summary>
    Exchange = 2,
}
