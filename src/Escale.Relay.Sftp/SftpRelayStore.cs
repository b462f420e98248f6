using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Escale.Core.Config;
using Escale.Core.Paths;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Escale.Relay.Sftp;

/// <summary>
/// Protocol <c>sftp</c> on SSH.NET. CreateNew is an SFTP open with CREAT|EXCL (one winner, the
/// server's O_EXCL); an overwrite is written under a temporary name and renamed over the target
/// with <c>posix-rename@openssh.com</c> when the server offers it (one atomic rename(2)), so an
/// interrupted upload never leaves a truncated file under the final name. A no-replace rename is the
/// plain SFTP v3 rename, which the draft (and OpenSSH, by link+unlink) refuses on an existing target.
/// Reads resume by offset. Create with <see cref="ConnectAsync(RepositoryConfig, ILogger, CancellationToken)"/>.
/// </summary>
public sealed partial class SftpRelayStore : IRelayStore, IProbeReport
{
    private readonly SftpConnection _connection;
    private readonly string _root;
    private readonly string _tempTag;

    /// <summary>Owner tag of this node's temps and probes (RelayTempNames), so a restart finds its own leftovers.</summary>
    internal string TempTag => _tempTag;
    private readonly ConcurrentDictionary<string, bool> _knownDirectories = new(StringComparer.Ordinal);

    internal SftpRelayStore(SftpConnection connection, string? tempTag)
    {
        _connection = connection;
        _tempTag = tempTag ?? RelayTempNames.TagOf(Environment.MachineName);
        var dir = connection.Settings.RelayDir.Trim().TrimEnd('/');
        _root = dir.Length == 0 ? "." : dir;
    }

    public RelayCapabilities Capabilities { get; internal set; } = new() { AtomicCreateNew = true, ResumableDownload = true, Append = true };

    public IReadOnlyList<string> ProbeReport { get; internal set; } = [];

    public string Description => _connection.Settings.Display;

    /// <summary>The server offers posix-rename@openssh.com (atomic replace); else replace is delete + rename.</summary>
    internal bool PosixRename { get; set; } = true;

    /// <summary>The plain rename was seen to refuse an existing target (SFTP v3); else a no-replace rename checks first.</summary>
    internal bool RenameRefusesExisting { get; set; } = true;

    internal SftpConnection Connection => _connection;

    public static Task<SftpRelayStore> ConnectAsync(RepositoryConfig config, RelayRootMode rootMode, ILogger logger, CancellationToken cancellationToken) =>
        ConnectAsync(SftpSettings.FromConfig(config), RelayTempNames.TagOf(config.Client), logger, cancellationToken, rootMode);

    /// <summary>Connects (host key verified), creates the relay folder when missing and probes capabilities.</summary>
    public static async Task<SftpRelayStore> ConnectAsync(SftpSettings settings, string? tempTag, ILogger logger, CancellationToken cancellationToken, RelayRootMode rootMode = RelayRootMode.Create)
    {
        var store = new SftpRelayStore(new SftpConnection(settings, logger), tempTag);
        try
        {
            if (rootMode == RelayRootMode.MustExist && await store.StatAsync(RelayPath.Root, cancellationToken) is null)
            {
                throw new RelayException(RelayErrorKind.Permanent, $"relay folder {settings.Display} does not exist on the server (not created: is 'relay dir' right? 'escalectl init' creates a new repository)");
            }

            await store.CreateDirectoryAsync(RelayPath.Root, cancellationToken);
            var report = new List<string>();
            store.Capabilities = await SftpProbe.RunAsync(store, report, cancellationToken);
            store.ProbeReport = report;
            logger.LogDebug("SFTP relay {Relay}: {Report}", settings.Display, string.Join("; ", report));
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public async IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Buffered: an iterator cannot yield inside a try with a catch, and listings are small.
        var entries = await RunAsync($"list {Show(directory)}", async client =>
        {
            var list = new List<RelayEntry>();
            try
            {
                await foreach (var f in client.ListDirectoryAsync(Full(directory), cancellationToken))
                {
                    if (f.Name is "." or ".." || f.IsSymbolicLink)
                    {
                        continue; // a symbolic link on the relay is never followed
                    }

                    if (f.IsDirectory || f.IsRegularFile)
                    {
                        list.Add(new RelayEntry(f.Name, f.IsDirectory ? RelayEntryKind.Directory : RelayEntryKind.File, f.IsDirectory ? 0 : f.Length, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero)));
                    }
                }
            }
            catch (SftpPathNotFoundException)
            {
                list.Clear();
            }

            return list;
        }, cancellationToken);
        foreach (var e in entries)
        {
            yield return e;
        }
    }

    public Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken) =>
        RunAsync($"stat {Show(path)}", async client =>
        {
            try
            {
                var a = await client.GetAttributesAsync(Full(path), cancellationToken);
                return a.IsDirectory || a.IsRegularFile
                    ? new RelayEntry(path.IsRoot ? "" : path.Name, a.IsDirectory ? RelayEntryKind.Directory : RelayEntryKind.File, a.IsDirectory ? 0 : a.Size, new DateTimeOffset(a.LastWriteTimeUtc, TimeSpan.Zero))
                    : null;
            }
            catch (SftpPathNotFoundException)
            {
                return (RelayEntry?)null;
            }
        }, cancellationToken);

    public Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken)
    {
        var what = $"read {Show(path)}";
        return RunAsync(what, async client =>
        {
            var stream = await client.OpenAsync(Full(path), FileMode.Open, FileAccess.Read, cancellationToken);
            if (offset > 0)
            {
                stream.Seek(offset, SeekOrigin.Begin);
            }

            return (Stream)new SftpReadStream(stream, what, () => _connection.Invalidate(client));
        }, cancellationToken);
    }

    public async Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (mode == WriteMode.CreateNew)
        {
            await CreateNewAsync(path, content, cancellationToken);
            return;
        }

        var temp = RelayTempNames.For(path, _tempTag);
        var renamed = false;
        try
        {
            await UploadAsync(temp, content, FileMode.CreateNew, $"write {Show(path)}", cancellationToken);
            await ReplaceAsync(temp, path, $"write {Show(path)}", cancellationToken);
            renamed = true;
        }
        finally
        {
            if (!renamed)
            {
                await BestEffortDeleteAsync(temp);
            }
        }
    }

    public Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        RunAsync($"append to {Show(path)}", async client =>
        {
            if (!await client.ExistsAsync(Full(path), cancellationToken))
            {
                throw new RelayException(RelayErrorKind.NotFound, $"{Show(path)}: not on the relay");
            }

            await using var stream = await client.OpenAsync(Full(path), FileMode.Append, FileAccess.Write, cancellationToken);
            await stream.WriteAsync(data, cancellationToken);
            return true;
        }, cancellationToken);

    public async Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken)
    {
        var what = $"rename {Show(from)} to {Show(to)}";
        await EnsureDirectoryAsync(to.Parent, cancellationToken);
        if (overwrite)
        {
            await ReplaceAsync(from, to, what, cancellationToken);
            return;
        }

        if (!RenameRefusesExisting && await StatAsync(to, cancellationToken) is not null)
        {
            throw new RelayException(RelayErrorKind.AlreadyExists, $"{Show(to)}: already on the relay");
        }

        await RunAsync(what, async client =>
        {
            try
            {
                await client.RenameFileAsync(Full(from), Full(to), cancellationToken);
            }
            catch (SftpException e) when (e is not SftpPathNotFoundException)
            {
                // SFTP v3 has no EEXIST: a failed rename onto an existing name is the no-replace refusal.
                if (await ExistsAsync(client, to, cancellationToken))
                {
                    throw new RelayException(RelayErrorKind.AlreadyExists, $"{Show(to)}: already on the relay", e);
                }

                throw;
            }

            return true;
        }, cancellationToken);
    }

    public Task DeleteAsync(RelayPath path, CancellationToken cancellationToken) =>
        RunAsync($"delete {Show(path)}", async client =>
        {
            try
            {
                await client.DeleteFileAsync(Full(path), cancellationToken);
            }
            catch (SftpPathNotFoundException)
            {
                // absent is not an error
            }

            return true;
        }, cancellationToken);

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken)
    {
        _knownDirectories.TryRemove(path.Value, out _);
        return EnsureDirectoryAsync(path, cancellationToken);
    }

    public async Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync("space", async client =>
            {
                var s = await client.GetStatusAsync(_root, cancellationToken);
                var unit = s.FileSystemBlockSize > 0 ? (long)s.FileSystemBlockSize : (long)s.BlockSize;
                var total = (long)s.TotalBlocks * unit;
                return (RelaySpace?)new RelaySpace(total - (long)s.FreeBlocks * unit, total);
            }, cancellationToken);
        }
        catch (RelayException e) when (e.Kind == RelayErrorKind.Permanent || e.InnerException is NotSupportedException)
        {
            return null; // no statvfs@openssh.com on this server
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    internal string Full(RelayPath path) => path.IsRoot ? _root : _root == "." ? path.Value : _root + "/" + path.Value;

    internal static string Show(RelayPath path) => path.IsRoot ? "/" : RelayPath.Printable(path.Value);
}
