using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Escale.Core.Config;
using Escale.Core.Paths;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.Rclone;

/// <summary>
/// Protocol <c>rclone</c> (and Escale 0.6's aliases <c>dropbox</c>, <c>s3</c>, ...): any rclone remote,
/// driven through the agent's one <c>rclone rcd</c> (<see cref="RcloneDaemon"/>), never a process per
/// file. Uploads go to a temporary name and are then moved into place (rclone writes straight to the
/// final name on most backends, so an interrupted upload would otherwise leave a truncated file).
/// rclone has no create-exclusive primitive: CreateNew checks then moves, and the protocol verifies
/// locks after <see cref="RelayCapabilities.CreateNewSettleTime"/> (measured by the probe).
/// </summary>
public sealed partial class RcloneRelayStore : IRelayStore, IProbeReport
{
    private readonly RcloneApi _api;
    private readonly RcloneSettings _settings;
    private readonly string _tempTag;

    /// <summary>Owner tag of this node's temps and probes (RelayTempNames), so a restart finds its own leftovers.</summary>
    internal string TempTag => _tempTag;
    private int _disposed;
    private bool _moveReplaces = true; // until the probe says otherwise

    private RcloneRelayStore(RcloneApi api, RcloneSettings settings, string? tempTag)
    {
        _api = api;
        _settings = settings;
        _tempTag = tempTag ?? RelayTempNames.TagOf(Environment.MachineName);
    }

    public RelayCapabilities Capabilities { get; private set; } = new() { ResumableDownload = true };

    public IReadOnlyList<string> ProbeReport { get; private set; } = [];

    public string Description => _settings.Display;

    /// <summary>The daemon's address (tests check that stores share one).</summary>
    internal Uri DaemonAddress => _api.Daemon.BaseAddress;

    public static Task<RcloneRelayStore> ConnectAsync(RepositoryConfig config, RelayRootMode rootMode, ILogger logger, CancellationToken cancellationToken) =>
        ConnectAsync(RcloneSettings.FromConfig(config), RelayTempNames.TagOf(config.Client), logger, cancellationToken, rootMode);

    /// <summary>Attaches to (or starts) the daemon, checks the remote's type, creates the relay folder and probes.</summary>
    public static async Task<RcloneRelayStore> ConnectAsync(RcloneSettings settings, string? tempTag, ILogger logger, CancellationToken cancellationToken, RelayRootMode rootMode = RelayRootMode.Create)
    {
        var daemon = await RcloneDaemon.AcquireAsync(settings, logger, cancellationToken);
        var store = new RcloneRelayStore(new RcloneApi(daemon, settings.Timeout), settings, tempTag);
        try
        {
            var report = new List<string>();
            await store.CheckRemoteAsync(report, cancellationToken);
            if (rootMode == RelayRootMode.MustExist)
            {
                try
                {
                    await store.CallAsync("operations/list", new JsonObject { ["remote"] = "" }, $"list relay folder {settings.Fs}", cancellationToken);
                }
                catch (RelayException e) when (e.Kind == RelayErrorKind.NotFound)
                {
                    throw new RelayException(RelayErrorKind.Permanent, $"relay folder {settings.Fs} does not exist (not created: is 'remote' right? 'escalectl init' creates a new repository)");
                }
            }

            await store.CallAsync("operations/mkdir", new JsonObject { ["remote"] = "" }, $"create relay folder {settings.Fs}", cancellationToken);
            store.Capabilities = await RcloneProbe.RunAsync(store, report, cancellationToken);
            store.ProbeReport = report;
            logger.LogDebug("rclone relay {Relay}: {Report}", settings.Fs, string.Join("; ", report));
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
        JsonObject answer;
        try
        {
            answer = await CallAsync("operations/list", new JsonObject { ["remote"] = directory.Value }, $"list {Show(directory)}", cancellationToken);
        }
        catch (RelayException e) when (e.Kind == RelayErrorKind.NotFound)
        {
            yield break;
        }

        foreach (var item in answer["list"]?.AsArray() ?? [])
        {
            if (item is JsonObject o && Entry(o) is { } entry)
            {
                yield return entry;
            }
        }
    }

    public async Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken)
    {
        if (path.IsRoot)
        {
            return new RelayEntry("", RelayEntryKind.Directory, 0, null);
        }

        try
        {
            var answer = await CallAsync("operations/stat", new JsonObject { ["remote"] = path.Value }, $"stat {Show(path)}", cancellationToken);
            return answer["item"] is JsonObject item ? Entry(item) : null;
        }
        catch (RelayException e) when (e.Kind == RelayErrorKind.NotFound)
        {
            return null; // a missing parent folder answers 404 on some backends
        }
    }

    public Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken) =>
        _api.OpenReadAsync(_settings.Fs, path.Value, offset, $"read {Show(path)}", cancellationToken);

    public async Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // An ASCII temporary name: multipart file names are the one place where rclone could mangle a name.
        var temp = RelayTempNames.For(path.Sibling("upload"), _tempTag);
        var moved = false;
        try
        {
            await _api.UploadAsync(_settings.Fs, path.Parent.Value, temp.Name, content, $"write {Show(path)}", cancellationToken);
            if (mode == WriteMode.CreateNew && await StatAsync(path, cancellationToken) is not null)
            {
                throw new RelayException(RelayErrorKind.AlreadyExists, $"{Show(path)}: already on the relay");
            }

            await MoveAsync(temp, path, $"write {Show(path)}", cancellationToken);
            moved = true;
        }
        catch (RelayException e) when (mode == WriteMode.CreateNew && e.Kind == RelayErrorKind.NotFound)
        {
            // Seen on S3 remotes when two nodes create one lock at once: the move loses the race and rclone
            // reports a missing object. The other node's file is the answer; without one, try again later.
            if (await StatAsync(path, cancellationToken) is not null)
            {
                throw new RelayException(RelayErrorKind.AlreadyExists, $"{Show(path)}: already on the relay", e);
            }

            throw new RelayException(RelayErrorKind.Transient, e.Message, e);
        }
        finally
        {
            if (!moved)
            {
                await BestEffortDeleteAsync(temp);
            }
        }
    }

    public Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        throw new RelayException(RelayErrorKind.Permanent, "rclone has no append; the protocol rewrites the file instead");

    public async Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken)
    {
        var what = $"rename {Show(from)} to {Show(to)}";
        if (!overwrite && await StatAsync(to, cancellationToken) is not null)
        {
            throw new RelayException(RelayErrorKind.AlreadyExists, $"{Show(to)}: already on the relay");
        }

        await MoveAsync(from, to, what, cancellationToken);
    }

    public async Task DeleteAsync(RelayPath path, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("operations/deletefile", new JsonObject { ["remote"] = path.Value }, $"delete {Show(path)}", cancellationToken);
        }
        catch (RelayException e) when (e.Kind == RelayErrorKind.NotFound)
        {
            // absent is not an error
        }
    }

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken) =>
        CallAsync("operations/mkdir", new JsonObject { ["remote"] = path.Value }, $"create folder {Show(path)}", cancellationToken);

    public async Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var about = await CallAsync("operations/about", [], "space", cancellationToken);
            long? Number(string key) => about[key] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
            var used = Number("used");
            var total = Number("total");
            return used is null && total is null ? null : new RelaySpace(used, total);
        }
        catch (RelayException e) when (e.Kind is RelayErrorKind.Permanent or RelayErrorKind.Transient)
        {
            return null; // many backends have no "about"
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _api.Daemon.ReleaseAsync();
        }
    }

    internal static string Show(RelayPath path) => path.IsRoot ? "/" : RelayPath.Printable(path.Value);
}
