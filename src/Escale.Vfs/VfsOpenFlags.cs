namespace Escale.Vfs;

[Flags]
public enum VfsOpenFlags
{
    None = 0,
    Read = 1,
    Write = 2,
    ReadWrite = Read | Write,

    /// <summary>O_APPEND. Front-ends send explicit offsets, so this is informational.</summary>
    Append = 4,

    /// <summary>O_TRUNC: the file is emptied at open.</summary>
    Truncate = 8,

    /// <summary>O_EXCL with create: fail with <see cref="VfsError.Exists"/> if the name exists.</summary>
    Exclusive = 16,
}
