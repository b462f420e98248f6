using System.Runtime.CompilerServices;
using Escale.Core.IO;
using Escale.Core.Paths;

namespace Escale.Relay.Local;

/// <summary>
/// Protocol <c>file</c>: the relay is a folder on a local or network file system.
/// Overwrites go through a temp file + fsync + rename; CreateNew is a temp file + link(2). Every
/// operation goes through <see cref="RelayDirectory"/>: no symbolic link on the relay is ever followed.
/// </summary>
public sealed class LocalFolderStore : IRelayStore
{
    private readonly string _root;
    private readonly string _tempTag;

    /// <param name="tempTag">Owner tag for temp upload names (<see cref="RelayTempNames.TagOf"/>); required, so a restart finds its own leftovers.</param>
    /// <param name="rootMode">Whether a missing relay folder is created or is an error.</param>
    public LocalFolderStore(string root, string tempTag, RelayRootMode rootMode = RelayRootMode.Create)
    {
        _tempTag = tempTag;
        _root = Path.GetFullPath(root);
        if (rootMode == RelayRootMode.MustExist && !Directory.Exists(_root))
        {
            throw new RelayException(RelayErrorKind.Permanent, $"relay folder {_root} does not exist (not created: is the disk mounted, is 'relay dir' right? 'escalectl init' creates a new repository)");
        }

        try
        {
            Directory.CreateDirectory(_root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RelayException(RelayErrorKind.Permanent, $"relay folder {_root} cannot be created: {e.Message}", e);
        }
    }

    public RelayCapabilities Capabilities { get; } = new()
    {
        AtomicCreateNew = true,
        AtomicRenameOverwrite = true,
        Append = true,
        ListingHasTimes = true,
        TimePrecision = TimeSpan.FromMilliseconds(10),
        DotFilesAllowed = true,
        CaseSensitive = true,
        PartialUploadsVisible = false,
        ResumableDownload = true,
        Parallelism = 2,
    };

    public string Description => "file://" + _root;

    public string Root => _root;

    public async IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<RelayEntry> entries;
        using (var dir = RelayDirectory.Open(_root, directory, create: false))
        {
            if (dir is null)
            {
                yield break;
            }

            try
            {
                // Through the descriptor (kept open while the entries are read): a folder swapped for a
                // link after the walk is not followed.
                entries = Entries(new DirectoryInfo(dir.ProcPath), cancellationToken);
            }
            catch (DirectoryNotFoundException)
            {
                yield break;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Translate(e, directory);
            }
        }

        foreach (var entry in entries)
        {
            yield return entry;
        }

        await Task.CompletedTask;
    }

    private static List<RelayEntry> Entries(DirectoryInfo dir, CancellationToken cancellationToken)
    {
        var entries = new List<RelayEntry>();
        foreach (var info in dir.EnumerateFileSystemInfos())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsLink(info))
            {
                continue; // a symbolic link on the relay is never followed
            }

            if (info is DirectoryInfo)
            {
                entries.Add(new RelayEntry(info.Name, RelayEntryKind.Directory, 0, info.LastWriteTimeUtc));
            }
            else if (info is FileInfo f)
            {
                try
                {
                    entries.Add(new RelayEntry(info.Name, RelayEntryKind.File, f.Length, new DateTimeOffset(f.LastWriteTimeUtc)));
                }
                catch (FileNotFoundException)
                {
                    // deleted while listing
                }
            }
        }

        return entries;
    }

    /// <summary>
    /// A symbolic link, from the lstat (in a listing, the directory entry's type) the runtime has
    /// anyway: on Unix it flags links, dangling or not, as reparse points; LinkTarget would cost a
    /// readlink(2) per entry. A name that does not exist reads as all attributes (-1): "a link",
    /// which every caller treats as absent, as it is.
    /// </summary>
    private static bool IsLink(FileSystemInfo info) => (info.Attributes & FileAttributes.ReparsePoint) != 0;

    public Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken)
    {
        if (path.IsRoot)
        {
            return Task.FromResult<RelayEntry?>(new RelayEntry("", RelayEntryKind.Directory, 0, Directory.GetLastWriteTimeUtc(_root)));
        }

        using var dir = RelayDirectory.Open(_root, path.Parent, create: false);
        if (dir is null)
        {
            return Task.FromResult<RelayEntry?>(null);
        }

        FileSystemInfo info = new FileInfo(Path.Combine(dir.ProcPath, path.Name));
        if (IsLink(info))
        {
            return Task.FromResult<RelayEntry?>(null); // a planted link is nobody's file
        }

        if (info.Exists)
        {
            return Task.FromResult<RelayEntry?>(new RelayEntry(path.Name, RelayEntryKind.File, ((FileInfo)info).Length, new DateTimeOffset(info.LastWriteTimeUtc)));
        }

        info = new DirectoryInfo(Path.Combine(dir.ProcPath, path.Name));
        return Task.FromResult(info.Exists ? new RelayEntry(path.Name, RelayEntryKind.Directory, 0, info.LastWriteTimeUtc) : null);
    }

    public Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken)
    {
        using var dir = RelayDirectory.Open(_root, path.Parent, create: false)
            ?? throw new RelayException(RelayErrorKind.NotFound, $"{path}: not on the relay");
        var fs = dir.OpenRead(path.Name);
        try
        {
            if (offset > 0)
            {
                fs.Seek(offset, SeekOrigin.Begin);
            }

            return Task.FromResult<Stream>(fs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            fs.Dispose();
            throw Translate(e, path);
        }
    }

    public async Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken)
    {
        using var dir = RelayDirectory.Open(_root, path.Parent, create: true)!;
        var tmp = RelayTempNames.For(path, _tempTag).Name;
        try
        {
            await using (var fs = dir.OpenWrite(tmp, createNew: true, append: false))
            {
                await content.CopyToAsync(fs, 1 << 16, cancellationToken);
                fs.Flush(flushToDisk: true);
            }

            if (mode == WriteMode.CreateNew)
            {
                // link(2) fails with EEXIST when the name exists: create-exclusive with the whole content
                // at once, so a crash never leaves an empty lock file (O_EXCL then write could); atomic on NFS too.
                var errno = dir.TryLink(tmp, path.Name);
                if (errno != 0)
                {
                    throw RelayDirectory.Error(errno, path, "create");
                }
            }
            else
            {
                dir.Rename(tmp, dir, path.Name);
            }

            dir.Fsync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, path);
        }
        finally
        {
            TryUnlink(dir, tmp);
        }
    }

    public async Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var dir = RelayDirectory.Open(_root, path.Parent, create: false)
            ?? throw new RelayException(RelayErrorKind.NotFound, $"{path}: not on the relay");
        try
        {
            await using var fs = dir.OpenWrite(path.Name, createNew: false, append: true);
            await fs.WriteAsync(data, cancellationToken);
            fs.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, path);
        }
    }

    public Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken)
    {
        using var source = RelayDirectory.Open(_root, from.Parent, create: false)
            ?? throw new RelayException(RelayErrorKind.NotFound, $"{from}: not on the relay");
        using var target = RelayDirectory.Open(_root, to.Parent, create: true)!;
        if (!overwrite && Path.Exists(Path.Combine(target.ProcPath, to.Name)))
        {
            throw new RelayException(RelayErrorKind.AlreadyExists, $"{to}: already on the relay");
        }

        source.Rename(from.Name, target, to.Name);
        target.Fsync();
        return Task.CompletedTask;
    }

    public Task DeleteAsync(RelayPath path, CancellationToken cancellationToken)
    {
        using var dir = RelayDirectory.Open(_root, path.Parent, create: false);
        dir?.Unlink(path.Name); // absent is not an error
        return Task.CompletedTask;
    }

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken)
    {
        RelayDirectory.Open(_root, path, create: true)!.Dispose();
        return Task.CompletedTask;
    }

    public Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var drive = new DriveInfo(_root);
            return Task.FromResult<RelaySpace?>(new RelaySpace(drive.TotalSize - drive.AvailableFreeSpace, drive.TotalSize));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Task.FromResult<RelaySpace?>(null);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static void TryUnlink(RelayDirectory dir, string name)
    {
        try
        {
            dir.Unlink(name);
        }
        catch (RelayException)
        {
        }
    }

    private static RelayException Translate(Exception e, RelayPath path) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => new RelayException(RelayErrorKind.NotFound, $"{path}: not on the relay", e),
        IOException io when Durable.IsNoSpace(io) => new RelayException(RelayErrorKind.QuotaExceeded, $"{path}: relay folder is full ({io.Message})", e),
        IOException io when Durable.Errno(io) == 17 /* EEXIST */ || io.Message.Contains("exists", StringComparison.OrdinalIgnoreCase) =>
            new RelayException(RelayErrorKind.AlreadyExists, $"{path}: already on the relay", e),
        UnauthorizedAccessException => new RelayException(RelayErrorKind.Permanent, $"{path}: permission denied on the relay folder", e),
        _ => new RelayException(RelayErrorKind.Transient, $"{path}: {e.Message}", e),
    };
}
