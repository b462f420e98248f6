using Escale.Relay;

namespace Escale.Agent.Operations;

/// <summary>
/// <c>escalectl migrate</c>'s data part: every file of one relay (special files included) written to
/// another, then every size checked on the target, so the configuration is switched only to a
/// relay known to hold everything.
/// </summary>
public static class RelayCopy
{
    /// <summary>Copies and verifies; returns the number of files. Refuses a non-empty target unless forced.</summary>
    public static async Task<int> CopyAsync(IRelayStore source, IRelayStore target, bool force, bool dryRun, Action<string> progress, CancellationToken cancellationToken)
    {
        if (!force && !await RelayWalker.IsEmptyAsync(target, cancellationToken))
        {
            throw new OperationException($"{target.Description} is not empty: migrate refuses to mix two relays (use --force to overwrite)");
        }

        var expected = new List<RelayItem>();
        await foreach (var item in RelayWalker.WalkAsync(source, cancellationToken))
        {
            if (item.IsDirectory)
            {
                if (!dryRun)
                {
                    await target.CreateDirectoryAsync(item.Path, cancellationToken);
                }

                continue;
            }

            expected.Add(item);
            if (dryRun)
            {
                progress($"would copy {item.Path} ({item.Entry.Size} bytes)");
                continue;
            }

            await using (var content = await source.OpenReadAsync(item.Path, 0, cancellationToken))
            {
                await target.WriteAsync(item.Path, content, WriteMode.Overwrite, cancellationToken);
            }

            progress($"copied {item.Path} ({item.Entry.Size} bytes) [{expected.Count}]");
        }

        if (!dryRun)
        {
            await VerifyAsync(target, expected, cancellationToken);
            progress($"verified {expected.Count} files on {target.Description}");
        }

        return expected.Count;
    }

    private static async Task VerifyAsync(IRelayStore target, IReadOnlyList<RelayItem> expected, CancellationToken cancellationToken)
    {
        foreach (var item in expected)
        {
            var copy = await target.StatAsync(item.Path, cancellationToken);
            if (copy is null)
            {
                throw new OperationException($"verification failed: {item.Path} is missing on {target.Description}; the configuration was not changed");
            }

            if (copy.Size != item.Entry.Size)
            {
                throw new OperationException($"verification failed: {item.Path} has {copy.Size} bytes on {target.Description}, {item.Entry.Size} on the source; the configuration was not changed");
            }
        }
    }
}
