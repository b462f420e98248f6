namespace Escale.Vfs;

/// <summary>
/// A file (or a folder holding offers) available on the relay but not, or not up to date, in
/// the local mirror.
/// </summary>
/// <param name="RelativePath">'/'-separated, relative to the repository root.</param>
/// <param name="Size">The plaintext size, or null when the relay format does not reveal it.</param>
/// <param name="IsDirectory">A folder that exists only because offers are inside it.</param>
public sealed record OfferedFile(string RelativePath, long? Size, DateTimeOffset Modified, bool IsDirectory = false)
{
    public string Name => RelativePath[(RelativePath.LastIndexOf('/') + 1)..];
}
