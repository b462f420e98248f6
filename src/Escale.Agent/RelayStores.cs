using Escale.Core.Config;
using Escale.Relay;
using Escale.Relay.Ftp;
using Escale.Relay.GoogleDrive;
using Escale.Relay.Local;
using Escale.Relay.Rclone;
using Escale.Relay.Sftp;
using Escale.Relay.WebDav;
using Microsoft.Extensions.Logging;

namespace Escale.Agent;

/// <summary>The one place that turns a repository's <c>protocol</c> into a relay store (with its retry decorator).</summary>
public static class RelayStores
{
    /// <summary>An existing repository's relay: a missing relay folder is an error, never created.</summary>
    public static Task<IRelayStore> CreateAsync(RepositoryConfig config, ILogger logger, CancellationToken cancellationToken) =>
        CreateAsync(config, RelayRootMode.MustExist, logger, cancellationToken);

    /// <param name="rootMode"><see cref="RelayRootMode.Create"/> only where a repository is created on purpose.</param>
    public static async Task<IRelayStore> CreateAsync(RepositoryConfig config, RelayRootMode rootMode, ILogger logger, CancellationToken cancellationToken)
    {
        IRelayStore store = config.Protocol switch
        {
            "file" => new LocalFolderStore(LocalRelayDir(config), RelayTempNames.TagOf(config.Client), rootMode),
            "ftp" or "ftps" => await FtpRelayStore.ConnectAsync(config, rootMode, logger, cancellationToken),
            "webdav" or "webdavs" => await WebDavRelayStore.ConnectAsync(config, rootMode, logger, cancellationToken),
            "sftp" when !config.Has("remote") => await SftpRelayStore.ConnectAsync(config, rootMode, logger, cancellationToken),
            "googledrive" => await GoogleDriveRelayStore.ConnectAsync(config, rootMode, cancellationToken),
            var p when RcloneRemoteTypes.IsRcloneProtocol(p) => await RcloneRelayStore.ConnectAsync(config, rootMode, logger, cancellationToken),
            var p => throw new ConfigException($"{config.File}:{config.LineOf("protocol")}: [{config.Name}]: protocol '{p}' is not available in this build"),
        };
        if (!store.Capabilities.DotFilesAllowed)
        {
            await store.DisposeAsync();
            throw new RelayException(RelayErrorKind.Permanent,
                $"{store.Description} does not list files whose name starts with '.' (nginx dav-ext does this); the Escale protocol keeps its locks and placeholders in such files, so this server cannot be a relay");
        }

        return new RetryingRelayStore(new BoundedRelayStore(OperationTally.WrapIfAsked(store), Bound(config), TimeProvider.System), logger);
    }

    /// <summary>
    /// Every transfer's total bound (issue 11, hole 3): <c>minimum rate</c>, after a grace of twice the
    /// idle <c>timeout</c>, so a relay trickling below the idle timeout cannot hold a pass for ever.
    /// </summary>
    public static TransferBound Bound(RepositoryConfig config)
    {
        var rate = config.Get("minimum rate", TransferBound.Default.MinimumRate);
        var grace = config.Has("timeout") ? config.Get("timeout", TimeSpan.FromSeconds(30)) * 2 : TransferBound.Default.Grace;
        return new TransferBound(rate > 0 ? rate : 1, grace);
    }

    /// <summary>For <c>protocol = file</c>: the relay folder is <c>relay dir</c> (or the address, as the original allowed).</summary>
    public static string LocalRelayDir(RepositoryConfig config)
    {
        var dir = config.RelayDir.Length > 0 ? config.RelayDir : config.HostAddress ?? "";
        if (dir.StartsWith("file://", StringComparison.Ordinal))
        {
            dir = dir["file://".Length..];
        }

        return config.ExpandPath(dir);
    }
}
