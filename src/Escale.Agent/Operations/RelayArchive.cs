using System.Formats.Tar;
using System.IO.Compression;
using Escale.Core.Paths;
using Escale.Relay;

namespace Escale.Agent.Operations;

/// <summary>
/// <c>escalectl backup</c>/<c>restore</c>: a whole relay as a tar (or tar.gz, chosen by the archive's
/// extension) archive, special files included, so that a restored relay is the relay that was saved.
/// Relay mtimes cannot be set through <see cref="IRelayStore"/>: restored files get the time of the
/// restore (placeholder timestamps are inside the files, so the protocol is not affected).
/// </summary>
public static class RelayArchive
{
    public static bool IsCompressed(string archive) =>
        archive.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || archive.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes the archive (to a temp name, renamed when complete); returns the number of files.</summary>
    public static async Task<int> BackupAsync(IRelayStore store, string archive, bool dryRun, Action<string> progress, CancellationToken cancellationToken)
    {
        var files = 0;
        if (dryRun)
        {
            await foreach (var item in RelayWalker.WalkAsync(store, cancellationToken))
            {
                progress(item.IsDirectory ? $"would archive {item.Path}/" : $"would archive {item.Path} ({item.Entry.Size} bytes)");
                files += item.IsDirectory ? 0 : 1;
            }

            return files;
        }

        var temp = archive + ".partial";
        try
        {
            await using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await using (var compressed = IsCompressed(archive) ? new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true) : null)
            await using (var tar = new TarWriter((Stream?)compressed ?? output, TarEntryFormat.Pax, leaveOpen: true))
            {
                await foreach (var item in RelayWalker.WalkAsync(store, cancellationToken))
                {
                    await WriteEntryAsync(store, tar, item, cancellationToken);
                    files += item.IsDirectory ? 0 : 1;
                    progress(item.IsDirectory ? $"archived {item.Path}/" : $"archived {item.Path} ({item.Entry.Size} bytes)");
                }
            }

            File.Move(temp, archive, overwrite: true);
            return files;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Writes every archived entry onto the relay; refuses a relay that holds anything unless forced.</summary>
    public static async Task<int> RestoreAsync(IRelayStore store, string archive, bool force, bool dryRun, Action<string> progress, CancellationToken cancellationToken)
    {
        if (!force && !await RelayWalker.IsEmptyAsync(store, cancellationToken))
        {
            throw new OperationException($"{store.Description} is not empty: restore refuses to mix an archive into a live relay (use --force to overwrite)");
        }

        Stream input;
        try
        {
            input = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OperationException($"{archive}: cannot read the archive: {e.Message}");
        }

        var files = 0;
        await using (input)
        await using (var compressed = IsCompressed(archive) ? new GZipStream(input, CompressionMode.Decompress, leaveOpen: true) : null)
        await using (var tar = new TarReader((Stream?)compressed ?? input, leaveOpen: true))
        {
            while (await NextAsync(tar, archive, cancellationToken) is { } entry)
            {
                var name = entry.Name.TrimEnd('/');
                if (name.Length == 0 || name == ".")
                {
                    continue;
                }

                if (!RelayPath.TryParse(name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name, portable: false, out var path, out var reason))
                {
                    throw new OperationException($"{archive}: entry '{RelayPath.Printable(name)}' is not a relay path ({reason}); nothing after it was restored");
                }

                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        progress(dryRun ? $"would create {path}/" : $"created {path}/");
                        if (!dryRun)
                        {
                            await store.CreateDirectoryAsync(path, cancellationToken);
                        }

                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        progress(dryRun ? $"would restore {path} ({entry.Length} bytes)" : $"restored {path} ({entry.Length} bytes)");
                        if (!dryRun)
                        {
                            await store.WriteAsync(path, entry.DataStream ?? Stream.Null, WriteMode.Overwrite, cancellationToken);
                        }

                        files++;
                        break;
                    default:
                        progress($"skipped {path} (tar entry type {entry.EntryType} has no meaning on a relay)");
                        break;
                }
            }
        }

        return files;
    }

    private static async Task<TarEntry?> NextAsync(TarReader tar, string archive, CancellationToken cancellationToken)
    {
        try
        {
            return await tar.GetNextEntryAsync(copyData: false, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new OperationException($"{archive}: not a readable {(IsCompressed(archive) ? "tar.gz" : "tar")} archive: {e.Message}");
        }
    }

    private static async Task WriteEntryAsync(IRelayStore store, TarWriter tar, RelayItem item, CancellationToken cancellationToken)
    {
        if (item.IsDirectory)
        {
            var dir = new PaxTarEntry(TarEntryType.Directory, item.Path.Value + "/") { Mode = (UnixFileMode)0b111_101_101 };
            await tar.WriteEntryAsync(dir, cancellationToken);
            return;
        }

        // Tar headers carry the size first, and relay streams are not seekable: spool each file to a
        // temp file (constant memory for any size) and archive from there.
        var spool = Path.Combine(Path.GetTempPath(), "escale-backup-" + Guid.NewGuid().ToString("N"));
        await using var copy = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (var source = await store.OpenReadAsync(item.Path, 0, cancellationToken))
        {
            await source.CopyToAsync(copy, cancellationToken);
        }

        copy.Position = 0;
        var entry = new PaxTarEntry(TarEntryType.RegularFile, item.Path.Value)
        {
            DataStream = copy,
            Mode = (UnixFileMode)0b110_100_100,
            ModificationTime = item.Entry.Modified ?? DateTimeOffset.UtcNow,
        };
        await tar.WriteEntryAsync(entry, cancellationToken);
    }
}
