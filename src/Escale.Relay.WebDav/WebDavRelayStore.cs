using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using Escale.Core.Config;
using Escale.Core.Paths;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.WebDav;

/// <summary>
/// Protocol <c>webdav</c>/<c>webdavs</c>. CreateNew is a PUT under a unique temporary name followed by
/// MOVE with Overwrite: F (one winner in races where the server answers 412). Overwrite is the same
/// with Overwrite: T, so that an interrupted upload never leaves a truncated file under the final name
/// (rclone would), unless the probe saw that the server itself never does (Apache, nginx write the
/// body aside and rename it): then it is one PUT. Listings are PROPFIND Depth 1 (Depth infinity is refused by Apache and nginx).
/// Create with <see cref="ConnectAsync(RepositoryConfig, ILogger, CancellationToken)"/>.
/// </summary>
public sealed class WebDavRelayStore : IRelayStore, IProbeReport
{
    private readonly WebDavClient _client;
    private readonly ConcurrentDictionary<string, bool> _knownDirectories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _loggedRefusals = new(StringComparer.Ordinal);

    internal WebDavRelayStore(WebDavClient client)
    {
        _client = client;
    }

    public RelayCapabilities Capabilities { get; internal set; } = new() { ListingHasTimes = true, ResumableDownload = true };

    /// <summary>What the connection probe found, one human-readable line each (for <c>escalectl probe</c>).</summary>
    public IReadOnlyList<string> ProbeReport { get; internal set; } = [];

    public string Description => _client.Settings.Display + (_client.Settings.User is { } u ? $" (user {u})" : "");

    internal WebDavClient Client => _client;

    /// <summary>MOVE Overwrite: F was refused with 412 by the probe; else CreateNew checks first (not atomic).</summary>
    internal bool CreateNewIsAtomic { get; set; } = true;

    /// <summary>The probe saw that a cut PUT leaves nothing: an overwrite can then be a single PUT.</summary>
    internal bool PutIsAtomic { get; set; }

    /// <summary>Connects, makes sure the relay folder exists (creating the <c>relay dir</c> part), and probes capabilities.</summary>
    public static Task<WebDavRelayStore> ConnectAsync(RepositoryConfig config, ILogger logger, CancellationToken cancellationToken) =>
        WebDavConnector.ConnectAsync(WebDavSettings.FromConfig(config), logger, cancellationToken);

    /// <param name="rootMode">Whether a missing <c>relay dir</c> is created with MKCOL (a new repository) or an error.</param>
    public static Task<WebDavRelayStore> ConnectAsync(RepositoryConfig config, RelayRootMode rootMode, ILogger logger, CancellationToken cancellationToken) =>
        WebDavConnector.ConnectAsync(WebDavSettings.FromConfig(config) with { RootMode = rootMode }, logger, cancellationToken);

    public static Task<WebDavRelayStore> ConnectAsync(WebDavSettings settings, ILogger logger, CancellationToken cancellationToken) =>
        WebDavConnector.ConnectAsync(settings, logger, cancellationToken);

    public async IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var what = $"list {Show(directory)}";
        var entries = await _client.PropfindAsync(_client.Paths.For(directory, collection: true), 1, what, cancellationToken);
        if (entries is null)
        {
            yield break;
        }

        var prefix = directory.IsRoot ? [] : directory.Value.Split('/');
        foreach (var e in entries)
        {
            var segments = Resolve(e.Href);
            if (segments is null || IsSelf(segments, prefix))
            {
                continue;
            }

            if (segments.Length != prefix.Length + 1 || !IsSelf(segments[..prefix.Length], prefix))
            {
                Refuse("href is not directly inside the listed folder", e.Href);
                continue;
            }

            var name = segments[^1];
            if (ServerQuirks.IsServerInternal(name))
            {
                continue;
            }

            yield return new RelayEntry(name, e.IsCollection ? RelayEntryKind.Directory : RelayEntryKind.File, e.IsCollection ? 0 : e.Length ?? 0, e.Modified);
        }
    }

    public async Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken)
    {
        var what = $"stat {Show(path)}";
        var entries = await _client.PropfindAsync(_client.Paths.For(path), 0, what, cancellationToken);
        var wanted = path.IsRoot ? [] : path.Value.Split('/');
        foreach (var e in entries ?? [])
        {
            if (Resolve(e.Href) is { } segments && IsSelf(segments, wanted))
            {
                return new RelayEntry(path.Name, e.IsCollection ? RelayEntryKind.Directory : RelayEntryKind.File, e.IsCollection ? 0 : e.Length ?? 0, e.Modified);
            }
        }

        return null;
    }

    public Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken) =>
        WebDavTransfers.OpenReadAsync(_client, path, offset, cancellationToken);

    public async Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var parentKnown = _knownDirectories.ContainsKey(path.Parent.Value) || path.Parent.IsRoot;
        if (mode == WriteMode.Overwrite && PutIsAtomic)
        {
            // The server itself writes aside and renames (probed): one round trip, one atomic rename.
            await WebDavTransfers.PutAsync(_client, path, content, EnsureDirectoryAsync, parentKnown, cancellationToken);
            _knownDirectories.TryAdd(path.Parent.Value, true);
            return;
        }

        var temp = RelayTempNames.For(path, _client.Settings.OwnerTag);
        var moved = false;
        try
        {
            // Inside the try: a PUT refused or cut half-way (507, rclone's truncated file) leaves the temp too.
            await WebDavTransfers.PutAsync(_client, temp, content, EnsureDirectoryAsync, parentKnown, cancellationToken);
            _knownDirectories.TryAdd(path.Parent.Value, true);
            if (mode == WriteMode.CreateNew && !CreateNewIsAtomic && await StatAsync(path, cancellationToken) is not null)
            {
                throw new RelayException(RelayErrorKind.AlreadyExists, $"{Show(path)}: already on the relay");
            }

            using var response = await MoveWhenNotBusyAsync(temp, path, mode == WriteMode.Overwrite, $"write {Show(path)}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.PreconditionFailed && mode == WriteMode.CreateNew)
            {
                throw new RelayException(RelayErrorKind.AlreadyExists, $"{Show(path)}: already on the relay");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw WebDavErrors.FromStatus(response, $"write {Show(path)}");
            }

            moved = true;
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
        throw new RelayException(RelayErrorKind.Permanent, "WebDAV has no append; the protocol rewrites the file instead");

    public async Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken)
    {
        var what = $"rename {Show(from)} to {Show(to)}";
        // A missing destination folder answers 409 (RFC 4918), 500 (Apache) or 403 (rclone): create it first.
        await EnsureDirectoryAsync(to.Parent, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            using var response = await MoveWhenNotBusyAsync(from, to, overwrite, what, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (response.StatusCode == HttpStatusCode.PreconditionFailed && !overwrite)
            {
                throw new RelayException(RelayErrorKind.AlreadyExists, $"{Show(to)}: already on the relay");
            }

            if (response.StatusCode == HttpStatusCode.Conflict && attempt == 0)
            {
                // RFC 4918 9.9.4: 409 when the destination's parent is missing. Create it, then once more.
                _knownDirectories.TryRemove(to.Parent.Value, out _);
                await EnsureDirectoryAsync(to.Parent, cancellationToken);
                continue;
            }

            throw WebDavErrors.FromStatus(response, what);
        }
    }

    public async Task DeleteAsync(RelayPath path, CancellationToken cancellationToken)
    {
        var what = $"delete {Show(path)}";
        using var response = await _client.SimpleAsync(HttpMethod.Delete, _client.Paths.For(path), what, cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw WebDavErrors.FromStatus(response, what);
        }
    }

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken)
    {
        _knownDirectories.TryRemove(path.Value, out _);
        return EnsureDirectoryAsync(path, cancellationToken);
    }

    public async Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken)
    {
        var entries = await _client.PropfindAsync(_client.Paths.For(RelayPath.Root), 0, "quota", cancellationToken, quota: true);
        var root = entries?.FirstOrDefault();
        if (root is null || (root.QuotaUsed is null && root.QuotaAvailable is null))
        {
            return null;
        }

        return new RelaySpace(root.QuotaUsed, root.QuotaUsed + root.QuotaAvailable);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>MKCOL, parents first when the server says 409; "already there" answers differ per server.</summary>
    internal async Task EnsureDirectoryAsync(RelayPath directory, CancellationToken cancellationToken)
    {
        if (directory.IsRoot || _knownDirectories.ContainsKey(directory.Value))
        {
            return;
        }

        var what = $"create folder {Show(directory)}";
        for (var attempt = 0; ; attempt++)
        {
            using var response = await _client.SimpleAsync(WebDavMethods.Mkcol, _client.Paths.For(directory, collection: true), what, cancellationToken);
            if (response.IsSuccessStatusCode || ServerQuirks.MkcolMeansExists(response.StatusCode))
            {
                _knownDirectories.TryAdd(directory.Value, true);
                return;
            }

            if (response.StatusCode == HttpStatusCode.Conflict && attempt == 0 && !directory.Parent.IsRoot)
            {
                await EnsureDirectoryAsync(directory.Parent, cancellationToken);
                continue;
            }

            throw WebDavErrors.FromStatus(response, what);
        }
    }

    /// <summary>
    /// MOVE, waiting out 423 Locked a few times: golang.org/x/net/webdav (rclone) locks the source and
    /// destination for the length of each request and answers 423 to a concurrent one. That is "busy",
    /// not "exists": without waiting, a create-new race would have losers that do not know they lost.
    /// </summary>
    private async Task<HttpResponseMessage> MoveWhenNotBusyAsync(RelayPath from, RelayPath to, bool overwrite, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await _client.MoveAsync(WebDavMethods.Move, _client.Paths.For(from), _client.Paths.For(to), overwrite, what, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Locked || attempt >= ServerQuirks.BusyAttempts)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt + Random.Shared.Next(20)), cancellationToken);
        }
    }

    private async Task BestEffortDeleteAsync(RelayPath path)
    {
        try
        {
            // Not the caller's token: a cancelled write must still not leave its temporary behind.
            using var cts = new CancellationTokenSource(_client.Settings.Timeout);
            using var response = await _client.SimpleAsync(HttpMethod.Delete, _client.Paths.For(path), "delete temporary", cts.Token);
        }
        catch (Exception e) when (e is RelayException or OperationCanceledException)
        {
            _client.Logger.LogDebug("temporary {Path} left on the relay ({Message}); the protocol removes stale ones", path, e.Message);
        }
    }

    private string[]? Resolve(string href)
    {
        var segments = _client.Paths.Resolve(href, out var refusal);
        if (segments is null)
        {
            Refuse(refusal, href);
        }

        return segments;
    }

    private void Refuse(string reason, string href)
    {
        if (_loggedRefusals.TryAdd(reason, true))
        {
            _client.Logger.LogWarning("WebDAV server {Server}: ignored an entry ({Reason}): {Href} (logged once)", _client.Settings.Display, reason, RelayPath.Printable(href));
        }
    }

    private static bool IsSelf(string[] segments, string[] wanted) => segments.AsSpan().SequenceEqual(wanted);

    private static string Show(RelayPath path) => path.IsRoot ? "/" : RelayPath.Printable(path.Value);
}
