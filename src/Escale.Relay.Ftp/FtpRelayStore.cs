using System.Runtime.CompilerServices;
using System.Text;
using Escale.Core.Paths;
using Escale.Relay.Ftp.Client;
using Escale.Relay.Ftp.Listing;
using Escale.Relay.Ftp.Quirks;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.Ftp;

/// <summary>
/// Protocol <c>ftp</c>/<c>ftps</c>: the relay is a folder on an FTP server. Every command names an
/// absolute path (no CWD state shared between operations, except right before a LIST). Uploads go to a
/// temporary name and are renamed into place, so an interrupted STOR never leaves a truncated file under
/// the final name. Nothing here retries: a failure is translated once (<see cref="FtpErrors"/>) and the
/// connection that saw it is dropped, so the next operation logs in afresh.
/// </summary>
public sealed partial class FtpRelayStore : IRelayStore, IProbeReport
{
    private const int CopyBuffer = 256 * 1024;
    private readonly FtpConnectionPool _pool;
    private readonly ILogger _logger;
    private readonly string _root;
    private bool _renameOverwrites = true;

    // RelayTempNames.TagOf(client): our temps and probes carry it, so a restart collects its own at once.
    private readonly string _ownerTag;

    private FtpRelayStore(FtpConnectionPool pool, ILogger logger, string root, FtpServerQuirks quirks, FtpFeatures features, string description, string ownerTag)
    {
        _ownerTag = ownerTag;
        _pool = pool;
        _logger = logger;
        _root = root;
        Quirks = quirks;
        Features = features;
        Description = description;
    }

    public RelayCapabilities Capabilities { get; private set; } = new();

    /// <summary>What the connect-time probe found, one human-readable line each (for <c>escalectl probe</c>).</summary>
    public IReadOnlyList<string> ProbeReport { get; private set; } = [];

    public string Description { get; }

    internal FtpServerQuirks Quirks { get; }

    internal FtpFeatures Features { get; }

    /// <summary>Logins done so far (tests check that connections are reused, and re-made after a fault).</summary>
    internal int Logins => _pool.Opened;

    public async IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<RelayEntry> entries;
        await using (var lease = await _pool.RentAsync(cancellationToken))
        {
            entries = await ListAsync(lease.Connection, Abs(directory), cancellationToken);
        }

        foreach (var e in entries)
        {
            yield return e;
        }
    }

    public async Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken)
    {
        await using var lease = await _pool.RentAsync(cancellationToken);
        return await StatAsync(lease.Connection, path, cancellationToken);
    }

    public async Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken)
    {
        var lease = await _pool.RentAsync(cancellationToken);
        try
        {
            var what = "RETR " + path;
            var (data, reply) = await lease.Connection.StartTransferAsync("RETR " + Abs(path), offset, cancellationToken);
            if (data is null)
            {
                throw FtpErrors.ForReply(reply, what, FtpOperation.Read, Endpoint(lease));
            }

            return new FtpDownloadStream(lease, data, what);
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    public async Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var temp = RelayTempNames.For(path, _ownerTag);
        // Set before the STOR: a refusal after the data (451, 552) may still leave the temp behind.
        var uploaded = true;
        await using var lease = await _pool.RentAsync(cancellationToken);
        var c = lease.Connection;
        try
        {
            await UploadAsync(c, "STOR", temp, content, cancellationToken);
            if (mode == WriteMode.CreateNew)
            {
                // Best effort: FTP has no create-exclusive, so a racing writer can still win between
                // this check and RNTO (Capabilities.AtomicCreateNew = false: the protocol re-reads locks).
                if (await StatAsync(c, path, cancellationToken) is not null)
                {
                    throw new RelayException(RelayErrorKind.AlreadyExists, $"{path}: already on the relay");
                }
            }
            else if (!_renameOverwrites)
            {
                await DeleteAsync(c, path, cancellationToken);
            }

            await RenameAsync(c, temp, path, cancellationToken);
            uploaded = false;
        }
        finally
        {
            if (uploaded)
            {
                await ForgetTempAsync(c, temp);
            }
        }
    }

    public async Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await using var lease = await _pool.RentAsync(cancellationToken);
        var c = lease.Connection;
        var size = await c.CommandAsync("SIZE " + Abs(path), cancellationToken);
        if (size.Code != 213)
        {
            throw size.Code == 550
                ? new RelayException(RelayErrorKind.NotFound, $"{path}: not on the relay")
                : FtpErrors.ForReply(size, "SIZE " + path, FtpOperation.Other, Endpoint(lease));
        }

        await UploadAsync(c, "APPE", path, new MemoryStream(data.ToArray(), writable: false), cancellationToken);
    }

    public async Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken)
    {
        await using var lease = await _pool.RentAsync(cancellationToken);
        var c = lease.Connection;
        if (!overwrite || !_renameOverwrites)
        {
            if (await StatAsync(c, to, cancellationToken) is not null)
            {
                if (!overwrite)
                {
                    throw new RelayException(RelayErrorKind.AlreadyExists, $"{to}: already on the relay");
                }

                await DeleteAsync(c, to, cancellationToken); // the server refuses RNTO onto a file
            }
        }

        await RenameAsync(c, from, to, cancellationToken);
    }

    public async Task DeleteAsync(RelayPath path, CancellationToken cancellationToken)
    {
        await using var lease = await _pool.RentAsync(cancellationToken);
        await DeleteAsync(lease.Connection, path, cancellationToken);
    }

    public async Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken)
    {
        await using var lease = await _pool.RentAsync(cancellationToken);
        await MakeDirectoriesAsync(lease.Connection, Abs(path), cancellationToken);
    }

    /// <summary>
    /// Sets a file's modification time (MFMT, or vsftpd's <c>MDTM time path</c>); false when the server
    /// has no way to. Not part of <see cref="IRelayStore"/>: the relay protocol does not need it yet.
    /// </summary>
    public async Task<bool> SetModifiedTimeAsync(RelayPath path, DateTimeOffset time, CancellationToken cancellationToken)
    {
        await using var lease = await _pool.RentAsync(cancellationToken);
        var command = Quirks.SetModifiedTimeCommand(Features, Abs(path), time);
        if (command is null)
        {
            return false;
        }

        var reply = await lease.Connection.CommandAsync(command, cancellationToken);
        return reply.Code is 213 or 250 or 200
            ? true
            : throw FtpErrors.ForReply(reply, "set mtime of " + path, reply.Code == 550 ? FtpOperation.Read : FtpOperation.Other, Endpoint(lease));
    }

    /// <summary>FTP has no standard way to ask for free space.</summary>
    public Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken) => Task.FromResult<RelaySpace?>(null);

    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    private async Task<List<RelayEntry>> ListAsync(FtpConnection c, string directory, CancellationToken cancellationToken)
    {
        var entries = new List<RelayEntry>();
        // CWD then a bare list: LIST arguments are globs on some servers ("[" in a name) and options
        // on others ("-" at the start), and a missing directory answers CWD with 550.
        var cwd = await c.CommandAsync("CWD " + directory, cancellationToken);
        if (cwd.Code == 550)
        {
            return entries;
        }

        if (cwd.Code != 250)
        {
            throw FtpErrors.ForReply(cwd, "CWD " + directory, FtpOperation.List, c.Options.Endpoint);
        }

        var command = Quirks.ListCommand(Features);
        var (data, reply) = await c.StartTransferAsync(command, 0, cancellationToken);
        if (data is null)
        {
            if (reply.Code == 550 || reply.Code == 450)
            {
                return entries; // removed between CWD and LIST, or empty on servers that say so
            }

            throw FtpErrors.ForReply(reply, command + " " + directory, FtpOperation.List, c.Options.Endpoint);
        }

        var bytes = new MemoryStream();
        await using (data)
        {
            await data.CopyToAsync(bytes, CopyBuffer, cancellationToken);
            var end = await data.FinishAsync(upload: false, cancellationToken);
            if (end.Code is not (226 or 250))
            {
                throw FtpErrors.ForReply(end, command + " " + directory, FtpOperation.List, c.Options.Endpoint);
            }
        }

        var now = DateTimeOffset.UtcNow;
        var mlsd = command.StartsWith("MLSD", StringComparison.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length).Split('\n'))
        {
            var text = line.TrimEnd('\r');
            var entry = mlsd ? MlsxParser.Parse(text) : UnixListParser.Parse(text, now);
            if (entry is not null && !Quirks.IsServerFile(entry.Name) && entry.Name.Length > 0)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private string Abs(RelayPath path) => path.IsRoot ? _root : (_root == "/" ? "/" : _root + "/") + path.Value;

    private static string Endpoint(FtpLease lease) => lease.Connection.Options.Endpoint;
}
