using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Escale.Core.Paths;

namespace Escale.Relay.WebDav;

/// <summary>
/// Measures what the server really does with two small dot-files in the relay folder, named like our
/// temporaries so that a leftover is ignored and later removed by the protocol: dot-files listed,
/// Range honoured, MOVE with Overwrite: F refused (412) on an existing target, MOVE Overwrite: T
/// replacing, case sensitivity, quota properties.
/// </summary>
internal static class WebDavProbe
{
    public static async Task<RelayCapabilities> RunAsync(WebDavRelayStore store, string? server, List<string> report, CancellationToken cancellationToken)
    {
        var client = store.Client;
        var a = RelayTempNames.Probe(RelayPath.Root, client.Settings.OwnerTag);
        var b = RelayTempNames.Probe(RelayPath.Root, client.Settings.OwnerTag);
        try
        {
            await PutAsync(client, a, "escale-probe-1", cancellationToken);
            var listed = false;
            DateTimeOffset? mtime = null;
            await foreach (var e in store.ListAsync(RelayPath.Root, cancellationToken))
            {
                if (e.Name == a.Name)
                {
                    listed = true;
                    mtime = e.Modified;
                }
            }

            mtime ??= (await store.StatAsync(a, cancellationToken))?.Modified;
            report.Add(listed ? $"dot-files: stored and listed{(mtime is null ? "; listings carry no times" : "")}" : "dot-files: NOT listed (the Escale protocol needs them)");

            bool range;
            using (var request = new HttpRequestMessage(HttpMethod.Get, client.Paths.For(a)))
            using (var timer = client.Timer(cancellationToken))
            {
                request.Headers.Range = new RangeHeaderValue(7, null);
                using var response = await client.SendAsync(request, timer, "probe range");
                range = response.StatusCode == HttpStatusCode.PartialContent && await response.Content.ReadAsStringAsync(cancellationToken) == "probe-1";
            }

            report.Add(range ? "Range requests: honoured (downloads resume)" : "Range requests: ignored (a resumed download re-reads the skipped part)");

            await PutAsync(client, b, "escale-probe-2", cancellationToken);
            bool refused;
            using (var move = await client.MoveAsync(WebDavMethods.Move, client.Paths.For(b), client.Paths.For(a), overwrite: false, "probe move", cancellationToken))
            {
                refused = move.StatusCode == HttpStatusCode.PreconditionFailed;
                report.Add(refused
                    ? "MOVE Overwrite: F on an existing file: refused with 412 (create-new is atomic)"
                    : $"MOVE Overwrite: F on an existing file: answered {(int)move.StatusCode} (create-new falls back to check-then-move, not atomic)");
            }

            if (!refused)
            {
                await PutAsync(client, b, "escale-probe-2", cancellationToken); // it was moved over a
            }

            bool replaced;
            using (var move = await client.MoveAsync(WebDavMethods.Move, client.Paths.For(b), client.Paths.For(a), overwrite: true, "probe move", cancellationToken))
            {
                replaced = move.IsSuccessStatusCode;
            }

            var atomicReplace = replaced && ServerQuirks.MoveOverwriteIsAtomic(server);
            report.Add(replaced
                ? $"MOVE Overwrite: T: replaces the target{(atomicReplace ? " in one rename" : " (by delete + move on this server: a short window without the file)")}"
                : "MOVE Overwrite: T: failed");

            var putAtomic = await InterruptedPutLeavesNothingAsync(store, b, cancellationToken);
            report.Add(putAtomic
                ? "interrupted PUT: leaves nothing (the server writes aside and renames): overwrites are one PUT"
                : "interrupted PUT: leaves a truncated file: overwrites go to a temporary name, then MOVE");

            var caseSensitive = await store.StatAsync(RelayPath.Parse(a.Name.ToUpperInvariant()), cancellationToken) is null;
            report.Add(caseSensitive ? "names: case-sensitive" : "names: case-INsensitive");

            var space = await store.GetSpaceAsync(cancellationToken);
            report.Add(space is null ? "quota: not reported by the server" : $"quota: {space.UsedBytes} bytes used of {space.TotalBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}");
            store.CreateNewIsAtomic = refused;
            store.PutIsAtomic = putAtomic;
            return new RelayCapabilities
            {
                AtomicCreateNew = refused && ServerQuirks.MoveNoOverwriteIsRaceFree(server),
                CreateNewSettleTime = refused ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromMilliseconds(700),
                AtomicRenameOverwrite = atomicReplace,
                Append = false,
                ListingHasTimes = mtime is not null,
                TimePrecision = TimeSpan.FromSeconds(1), // getlastmodified is an RFC 1123 date
                DotFilesAllowed = listed,
                CaseSensitive = caseSensitive,
                PartialUploadsVisible = false, // uploads go to a temporary name first
                ResumableDownload = range,
                Parallelism = client.Settings.Transfers,
            };
        }
        finally
        {
            foreach (var leftover in new[] { a, b })
            {
                try
                {
                    await store.DeleteAsync(leftover, CancellationToken.None);
                }
                catch (RelayException)
                {
                    // named like a temporary: the protocol removes it once stale
                }
            }
        }
    }

    /// <summary>
    /// Cuts a PUT after 1 KiB of 64 announced, then looks for the name. Apache (mod_dav_fs writes to
    /// .davfs.tmp*) and nginx (client body temp file) rename a complete body into place; rclone writes
    /// straight to the final name. Checked twice, a moment apart, because the server learns of the cut late.
    /// </summary>
    private static async Task<bool> InterruptedPutLeavesNothingAsync(WebDavRelayStore store, RelayPath path, CancellationToken cancellationToken)
    {
        var client = store.Client;
        using (var timer = client.Timer(cancellationToken))
        using (var request = new HttpRequestMessage(HttpMethod.Put, client.Paths.For(path)) { Content = new AbortedUploadContent(64 << 10, 1 << 10) })
        {
            try
            {
                using var response = await client.SendAsync(request, timer, "probe interrupted upload");
            }
            catch (RelayException)
            {
                // expected: the connection was dropped mid-body
            }
        }

        for (var check = 0; check < 2; check++)
        {
            await Task.Delay(150, cancellationToken);
            if (await store.StatAsync(path, cancellationToken) is not null)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task PutAsync(WebDavClient client, RelayPath path, string text, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        try
        {
            await WebDavTransfers.PutAsync(client, path, content, (_, _) => Task.CompletedTask, parentKnown: true, cancellationToken);
        }
        catch (RelayException e) when (e.Kind == RelayErrorKind.Permanent && e.Message.Contains("HTTP 403", StringComparison.Ordinal))
        {
            throw new RelayException(RelayErrorKind.Permanent, $"relay folder {client.Settings.Display} is not writable (HTTP 403)", e);
        }
    }
}
