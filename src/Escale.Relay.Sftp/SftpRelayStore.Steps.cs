using Escale.Core.Paths;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Escale.Relay.Sftp;

/// <summary>The steps the operations share: one call on a live session, uploads, replace, folders.</summary>
public sealed partial class SftpRelayStore
{
    /// <summary>Runs one operation on the session; SSH.NET errors are translated here and a lost session is dropped.</summary>
    internal async Task<T> RunAsync<T>(string what, Func<SftpClient, Task<T>> operation, CancellationToken cancellationToken)
    {
        var client = await _connection.ClientAsync(cancellationToken);
        try
        {
            return await operation(client);
        }
        catch (Exception e) when (SftpErrors.IsTranslatable(e) && !cancellationToken.IsCancellationRequested)
        {
            if (SftpErrors.IsConnectionLoss(e))
            {
                _connection.Invalidate(client);
            }

            throw SftpErrors.Translate(e, what);
        }
    }

    /// <summary>O_CREAT|O_EXCL open: the server refuses an existing name, so exactly one of racing creators wins.</summary>
    private async Task CreateNewAsync(RelayPath path, Stream content, CancellationToken cancellationToken)
    {
        var what = $"create {Show(path)}";
        var created = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await UploadAsync(path, content, FileMode.CreateNew, what, cancellationToken, onOpened: () => created = true);
                return;
            }
            catch (RelayException e) when (!created && e.Kind == RelayErrorKind.Permanent)
            {
                // OpenSSH answers a plain SSH_FX_FAILURE to O_EXCL on an existing name.
                if (await StatAsync(path, cancellationToken) is not null)
                {
                    throw new RelayException(RelayErrorKind.AlreadyExists, $"{Show(path)}: already on the relay", e);
                }

                // Gone by the time we looked: a racing node's short-lived lock. Nothing was read from
                // the content yet, so the create is tried again; a failure that persists is real.
                if (attempt == 3)
                {
                    throw;
                }
            }
            catch when (created)
            {
                // Ours and incomplete: a half-written lock must not stay behind.
                await BestEffortDeleteAsync(path);
                throw;
            }
        }
    }

    /// <summary>Writes the whole stream to <paramref name="path"/>, creating missing parent folders once.</summary>
    private async Task UploadAsync(RelayPath path, Stream content, FileMode mode, string what, CancellationToken cancellationToken, Action? onOpened = null)
    {
        if (!path.Parent.IsRoot && !_knownDirectories.ContainsKey(path.Parent.Value))
        {
            await EnsureDirectoryAsync(path.Parent, cancellationToken);
        }

        await RunAsync(what, async client =>
        {
            await using var remote = await client.OpenAsync(Full(path), mode, FileAccess.Write, cancellationToken);
            onOpened?.Invoke();
            await content.CopyToAsync(remote, 1 << 16, cancellationToken);
            await remote.FlushAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>Moves <paramref name="from"/> over <paramref name="to"/>: one posix-rename when offered, else delete + rename.</summary>
    private async Task ReplaceAsync(RelayPath from, RelayPath to, string what, CancellationToken cancellationToken)
    {
        if (PosixRename)
        {
            try
            {
                // SSH.NET has no async posix rename; the call is one short request.
                await RunAsync(what, async client =>
                {
                    await Task.Run(() => client.RenameFile(Full(from), Full(to), isPosix: true), cancellationToken);
                    return true;
                }, cancellationToken);
                return;
            }
            catch (NotSupportedException)
            {
                PosixRename = false; // not offered after all: fall back below
            }
        }

        await DeleteAsync(to, cancellationToken);
        await RunAsync(what, async client =>
        {
            await client.RenameFileAsync(Full(from), Full(to), cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>Creates a folder and its missing parents; an existing folder is fine.</summary>
    internal async Task EnsureDirectoryAsync(RelayPath directory, CancellationToken cancellationToken)
    {
        var key = directory.Value;
        if ((directory.IsRoot && _root == ".") || _knownDirectories.ContainsKey(key))
        {
            return;
        }

        var existing = await StatAsync(directory, cancellationToken);
        if (existing is { IsDirectory: false })
        {
            throw new RelayException(RelayErrorKind.Permanent, $"{Show(directory)}: a file is in the way of a folder on the relay");
        }

        if (existing is null)
        {
            if (!directory.IsRoot)
            {
                await EnsureDirectoryAsync(directory.Parent, cancellationToken);
            }
            else
            {
                await EnsureRootParentsAsync(cancellationToken);
            }

            await RunAsync($"create folder {Show(directory)}", async client =>
            {
                try
                {
                    await client.CreateDirectoryAsync(Full(directory), cancellationToken);
                }
                catch (SftpException e) when (e is not SftpPathNotFoundException && e is not SftpPermissionDeniedException)
                {
                    // Created meanwhile by another node: fine. Anything else: the original error.
                    var a = await client.GetAttributesAsync(Full(directory), cancellationToken);
                    if (!a.IsDirectory)
                    {
                        throw;
                    }
                }

                return true;
            }, cancellationToken);
        }

        _knownDirectories.TryAdd(key, true);
    }

    /// <summary>The <c>relay dir</c> itself may be several levels deep; create each missing level.</summary>
    private async Task EnsureRootParentsAsync(CancellationToken cancellationToken)
    {
        var parts = _root.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var prefix = _root.StartsWith('/') ? "/" : "";
        for (var i = 0; i < parts.Length - 1; i++)
        {
            prefix += parts[i];
            var dir = prefix;
            await RunAsync($"create relay folder {dir}", async client =>
            {
                if (!await client.ExistsAsync(dir, cancellationToken))
                {
                    await client.CreateDirectoryAsync(dir, cancellationToken);
                }

                return true;
            }, cancellationToken);
            prefix += "/";
        }
    }

    private async Task<bool> ExistsAsync(SftpClient client, RelayPath path, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetAttributesAsync(Full(path), cancellationToken);
            return true;
        }
        catch (SftpPathNotFoundException)
        {
            return false;
        }
    }

    private async Task BestEffortDeleteAsync(RelayPath path)
    {
        try
        {
            // Not the caller's token: a cancelled write must still not leave its temporary behind.
            using var cts = new CancellationTokenSource(_connection.Settings.Timeout);
            await DeleteAsync(path, cts.Token);
        }
        catch (Exception e) when (e is RelayException or OperationCanceledException)
        {
            _connection.Logger.LogDebug("{Path} left on the relay ({Message}); the protocol removes stale temporaries", path, e.Message);
        }
    }
}
