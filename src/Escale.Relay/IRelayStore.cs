using Escale.Core.Paths;

namespace Escale.Relay;

/// <summary>
/// The relay as a dumb file store. Paths are relative to the relay folder and already validated.
/// Contract every driver follows (the conformance tests check it):
/// absence is a null or an empty listing, never an exception, except reading a missing file
/// (RelayErrorKind.NotFound); every failure is a <see cref="RelayException"/> of the right kind;
/// no driver retries (the retry decorator does); writes create missing parent directories.
/// </summary>
public interface IRelayStore : IAsyncDisposable
{
    RelayCapabilities Capabilities { get; }

    /// <summary>Where this store points, without secrets, for log lines.</summary>
    string Description { get; }

    /// <summary>The entries directly inside a directory; empty when it does not exist.</summary>
    IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, CancellationToken cancellationToken);

    /// <summary>Size and mtime of one entry, or null when absent.</summary>
    Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken);

    /// <summary>A stream of the file's bytes from <paramref name="offset"/>; the caller disposes it.</summary>
    Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the whole content. CreateNew fails with AlreadyExists when the path exists; it is atomic
    /// only when <see cref="RelayCapabilities.AtomicCreateNew"/> says so.
    /// </summary>
    Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken);

    /// <summary>Appends bytes to an existing file. Only when <see cref="RelayCapabilities.Append"/>.</summary>
    Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Renames a file; with overwrite = false fails with AlreadyExists when the target exists.</summary>
    Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken);

    /// <summary>Deletes a file; absent is not an error.</summary>
    Task DeleteAsync(RelayPath path, CancellationToken cancellationToken);

    /// <summary>Creates a directory and its parents; existing is not an error.</summary>
    Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken);

    /// <summary>Used and total bytes when the server tells, else null.</summary>
    Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken);
}

public enum WriteMode
{
    Overwrite,
    CreateNew,
}

public enum RelayEntryKind
{
    File,
    Directory,
}

/// <summary>One listing entry. Name is a single component exactly as the server spelled it (unvalidated).</summary>
public sealed record RelayEntry(string Name, RelayEntryKind Kind, long Size, DateTimeOffset? Modified)
{
    public bool IsDirectory => Kind == RelayEntryKind.Directory;
}

public sealed record RelaySpace(long? UsedBytes, long? TotalBytes);
