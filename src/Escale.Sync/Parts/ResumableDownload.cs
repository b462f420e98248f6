using Escale.Core.Paths;
using Escale.Relay;

namespace Escale.Sync.Parts;

/// <summary>
/// Downloads a relay file (a part, or a whole payload of at least <see cref="WholeThreshold"/>) into a spool file in
/// the state folder, continuing from the spool's length when an earlier download of the same version was cut (a
/// dropped connection, kill -9): <c>OpenReadAsync(path, offset)</c> is FTP REST, HTTP Range, an SFTP offset or a
/// local seek. The bytes are not trusted: the caller decodes and checks the complete file (aead tags, part digest,
/// whole-file checksum) and discards the spool when the check fails.
/// </summary>
internal static class ResumableDownload
{
    /// <summary>Whole payloads from this size on are spooled (and so resumable); smaller ones stream straight through.</summary>
    public const long WholeThreshold = 8L << 20;

    /// <summary>Brings <paramref name="spoolFile"/> to the <paramref name="size"/> bytes the relay lists; throws IOException when cut.</summary>
    public static async Task FetchAsync(SyncContext context, RelayPath source, long size, string spoolFile, Status.Transfer transfer, CancellationToken cancellationToken)
    {
        var have = File.Exists(spoolFile) ? new FileInfo(spoolFile).Length : 0;
        if (have > size)
        {
            File.Delete(spoolFile); // not from this upload
            have = 0;
        }

        if (have < size)
        {
            await using var file = new FileStream(spoolFile, FileMode.Append, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using var payload = Bandwidth.BandwidthLimits.Throttle(await context.Store.OpenReadAsync(source, have, cancellationToken), context.Bandwidth.Download);
            transfer.Add(have);
            var buffer = new byte[1 << 16];
            int n;
            try
            {
                while ((n = await payload.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                    transfer.Add(n);
                }
            }
            finally
            {
                // What arrived before a cut is kept for the next attempt.
                await file.FlushAsync(CancellationToken.None);
                file.Flush(flushToDisk: true);
            }
        }

        var received = new FileInfo(spoolFile).Length;
        if (received != size)
        {
            throw new IOException($"{source}: {received} of {size} bytes received; continues from there next pass");
        }
    }
}
