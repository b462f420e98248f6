namespace Escale.Vfs;

public enum VfsEntryKind
{
    File,
    Directory,
    SymbolicLink,
}
