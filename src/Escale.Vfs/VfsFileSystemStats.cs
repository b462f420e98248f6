namespace Escale.Vfs;

/// <summary>statfs/statvfs in neutral form; counts are in <see cref="BlockSize"/> units.</summary>
public readonly record struct VfsFileSystemStats(
    long BlockSize,
    long TotalBlocks,
    long FreeBlocks,
    long AvailableBlocks,
    long TotalFiles,
    long FreeFiles,
    int MaxNameLength);
