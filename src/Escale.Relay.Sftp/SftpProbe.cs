using System.Text;
using Escale.Core.Paths;

namespace Escale.Relay.Sftp;

/// <summary>
/// Measures what the server does with two small dot-files in the relay folder, named like our
/// temporaries so that a leftover is ignored and later removed by the protocol: O_EXCL honoured,
/// dot-files listed with times, posix-rename offered, plain rename refusing an existing target,
/// reads from an offset, case sensitivity, statvfs.
/// </summary>
internal static class SftpProbe
{
    public static async Task<RelayCapabilities> RunAsync(SftpRelayStore store, List<string> report, CancellationToken cancellationToken)
    {
        var connection = store.Connection;
        report.Add($"relay folder: {connection.Settings.Display}");
        report.Add($"server: {connection.ServerVersion}; {connection.HostKeyNote}");
        report.Add(connection.Settings.KeyFile is null ? "login: password" : connection.Settings.Password is null ? "login: ssh key" : "login: ssh key or password");
        var a = RelayTempNames.For(RelayPath.Parse(".escale-probe"), store.TempTag);
        var b = RelayTempNames.For(RelayPath.Parse(".escale-probe"), store.TempTag);
        try
        {
            await store.WriteAsync(a, Text("escale-probe-1"), WriteMode.CreateNew, cancellationToken);
            bool exclusive;
            try
            {
                await store.WriteAsync(a, Text("escale-probe-x"), WriteMode.CreateNew, cancellationToken);
                exclusive = false;
            }
            catch (RelayException e) when (e.Kind == RelayErrorKind.AlreadyExists)
            {
                exclusive = true;
            }

            report.Add(exclusive ? "create-exclusive (O_EXCL open): refused on an existing file (locks are atomic)" : "create-exclusive: NOT honoured (an existing file was overwritten)");

            DateTimeOffset? mtime = null;
            var listed = false;
            await foreach (var e in store.ListAsync(RelayPath.Root, cancellationToken))
            {
                if (e.Name == a.Name)
                {
                    listed = true;
                    mtime = e.Modified;
                }
            }

            report.Add(listed ? "dot-files: stored and listed" : "dot-files: NOT listed (the Escale protocol needs them)");

            await store.WriteAsync(b, Text("escale-probe-2"), WriteMode.CreateNew, cancellationToken);
            bool refusesExisting;
            try
            {
                store.RenameRefusesExisting = true;
                await store.RenameAsync(b, a, overwrite: false, cancellationToken);
                refusesExisting = false;
                await store.WriteAsync(b, Text("escale-probe-2"), WriteMode.CreateNew, cancellationToken);
            }
            catch (RelayException e) when (e.Kind == RelayErrorKind.AlreadyExists)
            {
                refusesExisting = true;
            }

            store.RenameRefusesExisting = refusesExisting;
            report.Add(refusesExisting ? "rename onto an existing file: refused (no-replace renames are atomic)" : "rename onto an existing file: REPLACES it (no-replace renames check first)");

            store.PosixRename = true;
            await store.RenameAsync(b, a, overwrite: true, cancellationToken);
            var replaced = await ReadAsync(store, a, 0, cancellationToken) == "escale-probe-2";
            report.Add(store.PosixRename
                ? $"posix-rename@openssh.com: offered; overwrites are one atomic rename{(replaced ? "" : " (but the content did not change!)")}"
                : "posix-rename@openssh.com: not offered; overwrites are delete + rename (a short window without the file)");

            var resumable = await ReadAsync(store, a, 7, cancellationToken) == "probe-2";
            report.Add(resumable ? "reads from an offset: honoured (downloads resume)" : "reads from an offset: NOT honoured");

            var caseSensitive = await store.StatAsync(RelayPath.Parse(a.Name.ToUpperInvariant()), cancellationToken) is null;
            report.Add(caseSensitive ? "names: case-sensitive" : "names: case-INsensitive");

            var space = await store.GetSpaceAsync(cancellationToken);
            report.Add(space is null ? "space: not reported (no statvfs@openssh.com)" : $"space: {space.UsedBytes} bytes used of {space.TotalBytes}");
            return new RelayCapabilities
            {
                AtomicCreateNew = exclusive,
                CreateNewSettleTime = TimeSpan.FromMilliseconds(exclusive ? 100 : 700),
                AtomicRenameOverwrite = store.PosixRename && replaced,
                Append = true,
                ListingHasTimes = mtime is not null,
                TimePrecision = TimeSpan.FromSeconds(1), // SFTP v3 attributes carry whole seconds
                DotFilesAllowed = listed,
                CaseSensitive = caseSensitive,
                PartialUploadsVisible = false, // overwrites go to a temporary name first
                ResumableDownload = resumable,
                Parallelism = connection.Settings.Transfers,
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

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<string> ReadAsync(SftpRelayStore store, RelayPath path, long offset, CancellationToken cancellationToken)
    {
        await using var s = await store.OpenReadAsync(path, offset, cancellationToken);
        using var reader = new StreamReader(s, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
