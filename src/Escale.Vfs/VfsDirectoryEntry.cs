namespace Escale.Vfs;

/// <summary>One name in a directory listing, with its attributes so front-ends can answer readdirplus.</summary>
public readonly record struct VfsDirectoryEntry(string Name, VfsAttributes Attributes);
