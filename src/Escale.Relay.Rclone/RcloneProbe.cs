using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Escale.Core.Paths;

namespace Escale.Relay.Rclone;

/// <summary>
/// What the remote really does, per remote: operations/fsinfo gives the backend, its mtime precision and
/// features (server-side Move, case-insensitivity); two small dot-files named like our temporaries check
/// that dot-files are stored and listed, that a read from an offset is served, and time the round trip
/// that sets how long a competitor's create may still land after ours (rclone has no exclusive create).
/// </summary>
internal static class RcloneProbe
{
    private static readonly TimeSpan NoModTimes = TimeSpan.FromDays(365);

    public static async Task<RelayCapabilities> RunAsync(RcloneRelayStore store, List<string> report, CancellationToken cancellationToken)
    {
        var info = await store.CallAsync("operations/fsinfo", [], "probe fsinfo", cancellationToken);
        var features = info["Features"] as JsonObject ?? [];
        bool Feature(string name) => features[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        var precisionNs = info["Precision"] is JsonValue p && p.TryGetValue<long>(out var ns) ? ns : 1_000_000_000L;
        var precision = TimeSpan.FromTicks(Math.Max(1, precisionNs / 100));
        var serverMove = Feature("Move");
        report.Add($"backend: {info["Name"]?.GetValue<string>()} ({info["String"]?.GetValue<string>()})");
        report.Add(precision >= NoModTimes
            ? "modification times: not stored by this backend (listings show upload times)"
            : $"modification times: precision {precision.TotalMilliseconds:0.###} ms");
        report.Add(serverMove
            ? "rename: server-side move (rclone deletes an existing target first: replacing is not one atomic step)"
            : "rename: copy + delete (no server-side move on this backend)");
        report.Add("create-exclusive: not offered by rclone (create-new checks then moves; locks are verified after a settle time)");

        var a = RelayTempNames.For(RelayPath.Parse(".escale-probe"), store.TempTag);
        try
        {
            await store.WriteAsync(a, new MemoryStream(Encoding.UTF8.GetBytes("escale-probe-1")), WriteMode.Overwrite, cancellationToken);
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

            report.Add(listed ? "dot-files: stored and listed" : "dot-files: NOT listed (the Escale protocol needs them)");

            string tail;
            await using (var s = await store.OpenReadAsync(a, 7, cancellationToken))
            using (var reader = new StreamReader(s, Encoding.UTF8))
            {
                tail = await reader.ReadToEndAsync(cancellationToken);
            }

            var resumable = tail == "probe-1";
            report.Add(resumable ? "reads from an offset: honoured (downloads resume)" : "reads from an offset: NOT honoured");

            // A move onto a file of the same size written within the same second: rclone's "same file,
            // skip" shortcut is off for our moves (IgnoreTimes), and the backend must really replace it.
            var b = RelayTempNames.For(RelayPath.Parse(".escale-probe-target"), store.TempTag);
            try
            {
                await store.WriteAsync(b, new MemoryStream(Encoding.UTF8.GetBytes("escale-probe-2")), WriteMode.Overwrite, cancellationToken);
                var c = RelayTempNames.For(RelayPath.Parse(".escale-probe-source"), store.TempTag);
                await store.WriteAsync(c, new MemoryStream(Encoding.UTF8.GetBytes("escale-probe-3")), WriteMode.Overwrite, cancellationToken);
                await store.ProbeMoveAsync(c, b, cancellationToken);
                await using var s = await store.OpenReadAsync(b, 0, cancellationToken);
                using var reader = new StreamReader(s, Encoding.UTF8);
                store.MoveReplaces = await reader.ReadToEndAsync(cancellationToken) == "escale-probe-3";
                report.Add(store.MoveReplaces
                    ? "rename onto an existing file: replaces it"
                    : "rename onto an existing file: did NOT replace it; the target is deleted first (two steps, under the protocol's lock)");
            }
            finally
            {
                await BestEffortDeleteAsync(store, b);
            }

            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 3; i++)
            {
                await store.StatAsync(a, cancellationToken);
            }

            var roundTrip = clock.Elapsed / 3;
            var settle = TimeSpan.FromMilliseconds(Math.Clamp(roundTrip.TotalMilliseconds * 6, 500, 10_000));
            report.Add($"round trip {roundTrip.TotalMilliseconds:0} ms: locks verified {settle.TotalMilliseconds:0} ms after their creation");

            var caseInsensitive = Feature("CaseInsensitive");
            report.Add(caseInsensitive ? "names: case-INsensitive" : "names: case-sensitive");
            var space = await store.GetSpaceAsync(cancellationToken);
            report.Add(space is null ? "space: not reported by this backend" : $"space: {space.UsedBytes?.ToString() ?? "?"} bytes used of {space.TotalBytes?.ToString() ?? "?"}");
            return new RelayCapabilities
            {
                AtomicCreateNew = false,
                CreateNewSettleTime = settle,
                AtomicRenameOverwrite = false,
                Append = false,
                ListingHasTimes = mtime is not null,
                TimePrecision = precision >= NoModTimes ? TimeSpan.FromSeconds(1) : precision < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : precision,
                DotFilesAllowed = listed,
                CaseSensitive = !caseInsensitive,
                PartialUploadsVisible = false, // uploads go to a temporary name first
                ResumableDownload = resumable,
                Parallelism = store.Settings.Transfers,
            };
        }
        finally
        {
            await BestEffortDeleteAsync(store, a);
        }
    }

    private static async Task BestEffortDeleteAsync(RcloneRelayStore store, RelayPath path)
    {
        try
        {
            await store.DeleteAsync(path, CancellationToken.None);
        }
        catch (RelayException)
        {
            // named like a temporary: the protocol removes it once stale
        }
    }
}
