using System.Runtime.CompilerServices;
using Escale.Core.IO;
using Escale.Core.Paths;

namespace Escale.Relay.Local;

/// <summary>
/// Protocol <c>file</c>: the relay is a folder on a local or network file system.
/// Overwrites go through a temp file + fsync + rename; CreateNew is O_CREAT|O_EXCL.
/// </summary>
public sealed class LocalFolderStore : IRelayStore
{
    private readonly string _root;
    private readonly string? _tempTag;

    /// <param name="tempTag">Owner tag for temp upload names (<see cref="RelayTempNames.TagOf"/>).</param>
    /// <param name="rootMode">Whether a missing relay folder is created or is an error.</param>
    public LocalFolderStore(string root, string? tempTag = null, RelayRootMode rootMode = RelayRootMode.Create)
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
        var dir = Full(directory);
        IEnumerable<FileSystemInfo> infos;
        try
        {
            infos = new DirectoryInfo(dir).EnumerateFileSystemInfos().ToList();
        }
        catch (DirectoryNotFoundException)
        {
            yield break;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, directory);
        }

        foreach (var info in infos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (info.LinkTarget is not null)
            {
                continue; // a symbolic link on the relay is never followed
            }

            if (info is DirectoryInfo)
            {
                yield return new RelayEntry(info.Name, RelayEntryKind.Directory, 0, info.LastWriteTimeUtc);
            }
            else if (info is FileInfo f)
            {
                long size;
                try
                {
                    size = f.Length;
                }
                catch (FileNotFoundException)
                {
                    continue; // deleted while listing
                }

                yield return new RelayEntry(info.Name, RelayEntryKind.File, size, new DateTimeOffset(f.LastWriteTimeUtc));
            }
        }

        await Task.CompletedTask;
    }

    public Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken)
    {
        var full = Full(path);
        var info = new FileInfo(full);
        if (info.Exists)
        {
            return Task.FromResult<RelayEntry?>(new RelayEntry(path.Name, RelayEntryKind.File, info.Length, new DateTimeOffset(info.LastWriteTimeUtc)));
        }

        var dir = new DirectoryInfo(full);
        return Task.FromResult(dir.Exists ? new RelayEntry(path.Name, RelayEntryKind.Directory, 0, dir.LastWriteTimeUtc) : null);
    }

    public Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken)
    {
        try
        {
            var fs = new FileStream(Full(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            if (offset > 0)
            {
                fs.Seek(offset, SeekOrigin.Begin);
            }

            return Task.FromResult<Stream>(fs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, path);
        }
    }

    public async Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken)
    {
        var full = Full(path);
        var dir = Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(dir);
            if (mode == WriteMode.CreateNew)
            {
                await CreateNewAsync(full, path, content, cancellationToken);
                Durable.FsyncDirectory(dir);
                return;
            }

            var tmp = Full(RelayTempNames.For(path, _tempTag));
            try
            {
                await using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                {
                    await content.CopyToAsync(fs, 1 << 16, cancellationToken);
                    fs.Flush(flushToDisk: true);
                }

                File.Move(tmp, full, overwrite: true);
                Durable.FsyncDirectory(dir);
            }
            finally
            {
                TryDelete(tmp);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, path);
        }
    }

    /// <summary>
    /// Create-exclusive with the whole content at once: write a temp file, then link(2) it to the
    /// final name, which fails with EEXIST when the name exists. A crash can therefore never leave an
    /// empty lock file behind (O_EXCL then write could), and link is atomic on NFS too.
    /// </summary>
    private async Task CreateNewAsync(string full, RelayPath path, Stream content, CancellationToken cancellationToken)
    {
        var tmp = Full(RelayTempNames.For(path, _tempTag));
        try
        {
            await using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(fs, cancellationToken);
                fs.Flush(flushToDisk: true);
            }

            if (link(tmp, full) != 0)
            {
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                throw errno == 17 /* EEXIST */
                    ? new RelayException(RelayErrorKind.AlreadyExists, $"{path}: already on the relay")
                    : new RelayException(RelayErrorKind.Transient, $"{path}: link failed (errno {errno})");
            }
        }
        finally
        {
            TryDelete(tmp);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int link([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string oldpath, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string newpath);

    public async Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var full = Full(path);
        if (!File.Exists(full))
        {
            throw new RelayException(RelayErrorKind.NotFound, $"{path}: not on the relay");
        }

        try
        {
            await using var fs = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
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
        var target = Full(to);
        try
        {
            if (!overwrite && (File.Exists(target) || Directory.Exists(target)))
            {
                throw new RelayException(RelayErrorKind.AlreadyExists, $"{to}: already on the relay");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(Full(from), target, overwrite);
            Durable.FsyncDirectory(Path.GetDirectoryName(target)!);
            return Task.CompletedTask;
        }
        catch (IOException e) when (!overwrite && File.Exists(target))
        {
            throw new RelayException(RelayErrorKind.AlreadyExists, $"{to}: already on the relay", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, from);
        }
    }

    public Task DeleteAsync(RelayPath path, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(Full(path)); // absent is not an error for File.Delete
            return Task.CompletedTask;
        }
        catch (DirectoryNotFoundException)
        {
            return Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, path);
        }
    }

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Full(path));
            return Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(e, path);
        }
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

    private string Full(RelayPath path) => path.IsRoot ? _root : Path.Combine(_root, path.Value);

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
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
