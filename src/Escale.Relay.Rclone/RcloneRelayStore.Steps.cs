using System.Globalization;
using System.Text.Json.Nodes;
using Escale.Core.Paths;

namespace Escale.Relay.Rclone;

/// <summary>The calls the operations share: one rc call on the relay's fs, moves, the remote type check.</summary>
public sealed partial class RcloneRelayStore
{
    /// <summary>One rc call with <c>fs</c> set to the relay folder.</summary>
    internal Task<JsonObject> CallAsync(string command, JsonObject parameters, string what, CancellationToken cancellationToken)
    {
        parameters["fs"] = _settings.Fs;
        return _api.CallAsync(command, parameters, what, cancellationToken);
    }

    internal Task<JsonObject> CallRawAsync(string command, JsonObject parameters, string what, CancellationToken cancellationToken) =>
        _api.CallAsync(command, parameters, what, cancellationToken);

    internal RcloneSettings Settings => _settings;

    /// <summary>
    /// operations/movefile: a server-side move where the backend has one (rclone falls back to copy + delete).
    /// <c>IgnoreTimes</c> for this call only: rclone's movefile otherwise treats a target of the same size
    /// and a modification time within the backend's precision as "already there" and just deletes the
    /// source, so a lock or placeholder rewritten with as many bytes in the same second was silently not
    /// replaced (sftp and webdav remotes: 1 s precision, no hash). Where the probe found that a move still
    /// does not replace its target, the target is deleted first (not atomic; the protocol holds a lock).
    /// </summary>
    private async Task MoveAsync(RelayPath from, RelayPath to, string what, CancellationToken cancellationToken)
    {
        if (!_moveReplaces && await StatAsync(to, cancellationToken) is not null)
        {
            await DeleteAsync(to, cancellationToken);
        }

        await _api.CallAsync("operations/movefile", new JsonObject
        {
            ["srcFs"] = _settings.Fs,
            ["srcRemote"] = from.Value,
            ["dstFs"] = _settings.Fs,
            ["dstRemote"] = to.Value,
            ["_config"] = new JsonObject { ["IgnoreTimes"] = true },
        }, what, cancellationToken);
    }

    /// <summary>For the probe: a move onto an existing file replaced it (or not: delete the target first from now on).</summary>
    internal bool MoveReplaces
    {
        get => _moveReplaces;
        set => _moveReplaces = value;
    }

    internal Task ProbeMoveAsync(RelayPath from, RelayPath to, CancellationToken cancellationToken) =>
        MoveAsync(from, to, "probe rename", cancellationToken);

    /// <summary>The remote must exist in rclone's configuration and be of the type the protocol alias names.</summary>
    private async Task CheckRemoteAsync(List<string> report, CancellationToken cancellationToken)
    {
        var version = await _api.CallAsync("core/version", [], "rclone version", cancellationToken);
        report.Add($"rclone {version["version"]?.GetValue<string>()} (rcd {_api.Daemon.BaseAddress}, shared by the agent's rclone relays)");
        var (name, type) = RcloneRemoteTypes.Parse(_settings.Fs);
        if (type is null)
        {
            var config = await _api.CallAsync("config/get", new JsonObject { ["name"] = name }, $"rclone remote {name}", cancellationToken);
            type = config["type"]?.GetValue<string>();
            if (type is null)
            {
                throw new RelayException(RelayErrorKind.Permanent,
                    $"rclone has no remote '{name}' in {_settings.ConfigFile ?? "its default configuration"}; create it with 'rclone config'{(_settings.ConfigFile is null ? "" : " --config " + _settings.ConfigFile)}");
            }
        }

        if (RcloneRemoteTypes.Mismatch(_settings.Protocol, name, type) is { } mismatch)
        {
            throw new RelayException(RelayErrorKind.Permanent, mismatch);
        }

        report.Add($"remote: {name} (type {type}); relay folder {_settings.Fs}");
    }

    private async Task BestEffortDeleteAsync(RelayPath path)
    {
        try
        {
            // Not the caller's token: a cancelled write must still not leave its temporary behind.
            using var cts = new CancellationTokenSource(_settings.Timeout);
            await DeleteAsync(path, cts.Token);
        }
        catch (Exception e) when (e is RelayException or OperationCanceledException)
        {
            // named like a temporary: the protocol removes stale ones
        }
    }

    private static RelayEntry? Entry(JsonObject o)
    {
        var name = o["Name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var isDir = o["IsDir"]?.GetValue<bool>() ?? false;
        var size = o["Size"] is JsonValue s && s.TryGetValue<long>(out var n) && n > 0 ? n : 0;
        DateTimeOffset? modified = o["ModTime"]?.GetValue<string>() is { } t && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var m) && m.Year > 1971 ? m : null;
        return new RelayEntry(name, isDir ? RelayEntryKind.Directory : RelayEntryKind.File, isDir ? 0 : size, modified);
    }
}
