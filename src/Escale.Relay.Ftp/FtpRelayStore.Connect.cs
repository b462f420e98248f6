using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Escale.Core.Config;
using Escale.Core.Paths;
using Escale.Relay.Ftp.Client;
using Escale.Relay.Ftp.Quirks;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.Ftp;

/// <summary>Connecting: the first login checks address, TLS and password, then a probe measures the server.</summary>
public sealed partial class FtpRelayStore
{
    /// <summary>
    /// Logs in, creates the relay folder when missing (only with <see cref="RelayRootMode.Create"/>), probes what the server does and returns a store
    /// whose <see cref="Capabilities"/> and <see cref="ProbeReport"/> say so. Every problem at this point
    /// (refused, no TLS, wrong password, untrusted certificate) is a <see cref="RelayException"/> with one
    /// clear line; a password missing from the configuration is asked on the terminal when there is one.
    /// </summary>
    public static Task<FtpRelayStore> ConnectAsync(RepositoryConfig config, ILogger logger, CancellationToken cancellationToken) =>
        ConnectAsync(config, RelayRootMode.Create, logger, cancellationToken);

    /// <param name="rootMode">Whether a missing relay folder is created (a new repository) or an error.</param>
    public static Task<FtpRelayStore> ConnectAsync(RepositoryConfig config, RelayRootMode rootMode, ILogger logger, CancellationToken cancellationToken)
    {
        var settings = FtpStoreSettings.FromConfig(config);
        return ConnectAsync(settings.Connection, settings.RelayDir, settings.Transfers, RelayTempNames.TagOf(config.Client), logger, cancellationToken, rootMode);
    }

    internal static async Task<FtpRelayStore> ConnectAsync(FtpConnectionOptions options, string relayDir, int transfers, string ownerTag, ILogger logger, CancellationToken cancellationToken, RelayRootMode rootMode = RelayRootMode.Create)
    {
        var clock = Stopwatch.StartNew();
        var first = await FtpConnection.OpenAsync(options, logger, cancellationToken);
        var loginTime = clock.Elapsed;
        var quirks = FtpServerQuirks.Detect(first.Banner, first.Features);
        var root = RootPath(first.HomeDirectory, relayDir);
        var scheme = options.Tls == FtpTlsMode.None ? "ftp" : "ftps";
        var pool = new FtpConnectionPool(transfers, ct => FtpConnection.OpenAsync(options, logger, ct), logger, first);
        var store = new FtpRelayStore(pool, logger, root, quirks, first.Features, $"{scheme}://{options.User}@{options.Endpoint}{root}", ownerTag);
        try
        {
            await using (var lease = await pool.RentAsync(cancellationToken))
            {
                if (rootMode == RelayRootMode.Create)
                {
                    await store.MakeDirectoriesAsync(lease.Connection, root, cancellationToken);
                }
                else if (root != "/" && !await IsDirectoryAsync(lease.Connection, root, cancellationToken))
                {
                    throw new RelayException(RelayErrorKind.Permanent, $"relay folder {store.Description} does not exist on the server (not created: is 'relay dir' right? 'escalectl init' creates a new repository)");
                }

                await store.ProbeAsync(lease.Connection, transfers, loginTime, cancellationToken);
            }

            logger.LogInformation("relay {Relay}: {Server}, {Precision} listing times", store.Description, quirks.Name, store.Capabilities.TimePrecision);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    private static string RootPath(string home, string relayDir)
    {
        var dir = relayDir.Trim();
        var path = dir.StartsWith('/') ? dir : home.TrimEnd('/') + "/" + dir;
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }

        return path.Length > 1 ? path.TrimEnd('/') : "/";
    }

    /// <summary>
    /// Measures in the relay folder, with two small dot-files it removes again: are dot-files listed,
    /// does RNTO replace an existing file, what does REST + STOR do to the old tail.
    /// </summary>
    private async Task ProbeAsync(FtpConnection c, int transfers, TimeSpan loginTime, CancellationToken cancellationToken)
    {
        var a = RelayTempNames.Probe(RelayPath.Root, _ownerTag);
        var b = RelayTempNames.Probe(RelayPath.Root, _ownerTag);
        bool dotFilesListed, renameOverwrites;
        bool? restTruncates = null;
        try
        {
            await UploadAsync(c, "STOR", a, new MemoryStream("12345"u8.ToArray()), cancellationToken);
            dotFilesListed = (await ListAsync(c, _root, cancellationToken)).Any(e => e.Name == a.Name && e.Size == 5);
            await UploadAsync(c, "STOR", b, new MemoryStream("xy"u8.ToArray()), cancellationToken);
            renameOverwrites = await TryRenameAsync(c, b, a, cancellationToken) is null
                && (await StatAsync(c, a, cancellationToken))?.Size == 2;
            if (Features.RestStream)
            {
                // One byte at offset 1 of "12345": "1z345" keeps the old tail, "1z" cuts it.
                await UploadAsync(c, "STOR", b, new MemoryStream("12345"u8.ToArray()), cancellationToken);
                var (data, _) = await c.StartTransferAsync("STOR " + Abs(b), 1, cancellationToken);
                if (data is not null)
                {
                    await using (data)
                    {
                        await data.WriteAsync("z"u8.ToArray(), cancellationToken);
                        await data.FinishAsync(upload: true, cancellationToken);
                    }

                    var size = (await StatAsync(c, b, cancellationToken))?.Size;
                    restTruncates = size switch { 2 => true, 5 => false, _ => null };
                }
            }
        }
        finally
        {
            if (!c.IsBroken)
            {
                await DeleteAsync(c, a, cancellationToken);
                await DeleteAsync(c, b, cancellationToken);
            }
        }

        _renameOverwrites = renameOverwrites;
        Capabilities = new RelayCapabilities
        {
            AtomicCreateNew = false,
            AtomicRenameOverwrite = renameOverwrites,
            Append = true,
            ListingHasTimes = true,
            TimePrecision = Features.Mlsd ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1),
            DotFilesAllowed = dotFilesListed,
            CaseSensitive = true,
            PartialUploadsVisible = false,
            ResumableDownload = Features.RestStream,
            Parallelism = transfers,
        };
        ProbeReport = Report(c, loginTime, restTruncates ?? Quirks.RestStoreTruncates);
    }

    private List<string> Report(FtpConnection c, TimeSpan loginTime, bool? restTruncates)
    {
        var o = c.Options;
        var caps = Capabilities;
        return
        [
            $"relay: {Description}",
            $"server: {Quirks.Name} — greeting \"{c.Banner.Split(" / ")[0].Trim()}\", SYST \"{c.System ?? "(none)"}\"",
            $"tls: {(o.Tls == FtpTlsMode.None ? "none (clear text)" : $"{o.Tls.ToString().ToLowerInvariant()}, {c.TlsSummary}, certificate {o.Certificates.Describe()}")}",
            $"login: {loginTime.TotalMilliseconds:0} ms; login folder {c.HomeDirectory}",
            $"features: {string.Join(' ', Features.Names)}",
            $"listing: {Quirks.ListCommand(Features)} (times to {(caps.TimePrecision.TotalSeconds >= 60 ? "the minute" : "the second")}); UTF-8 names: {(Features.Utf8 ? "announced" : "assumed")}",
            $"set mtime: {Quirks.SetModifiedTimeCommand(Features, "PATH", DateTimeOffset.UnixEpoch)?.Split(' ')[0] ?? "not available"}",
            $"rename over an existing file: {(caps.AtomicRenameOverwrite ? "replaces it (atomic overwrite)" : "refused: delete + rename, not atomic")}",
            $"create-exclusive: not in FTP (upload to a temporary name, check, rename; locks are verified by re-reading)",
            $"dot-files: {(caps.DotFilesAllowed ? "stored and listed" : "NOT listed: the Escale protocol needs them")}",
            $"resumed download (REST): {(caps.ResumableDownload ? "yes" : "no")}; REST + STOR: {(restTruncates is null ? "unknown" : restTruncates.Value ? "cuts the old tail" : "keeps the old tail")}",
            $"parallel transfers: {caps.Parallelism} connections" + (Quirks.Notes.Length > 0 ? $"; quirks: {Quirks.Notes}" : ""),
        ];
    }
}
