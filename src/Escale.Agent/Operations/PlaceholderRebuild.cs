using Escale.Core.Config;
using Escale.Core.Paths;
using Escale.Relay;
using Escale.Sync.Protocol;
using Escale.Sync.State;

namespace Escale.Agent.Operations;

/// <summary>
/// <c>escalectl fix</c>: after a relay was lost (or emptied), writes back the placeholder of every
/// local file this node has a state record for — pusher = this node, timestamp and checksum from
/// the record — so that other nodes see the versions they already agreed on instead of a relay
/// that forgot everything. Existing placeholders are never touched (they may be newer); each write is made
/// under the file's relay lock by Escale.Sync (<see cref="Sync.PlaceholderRestore"/>). The members still
/// registered on the relay are listed as pullers; members the lost relay forgot are offered each version
/// once more by the agents' catch-up (a node that holds it registers without downloading).
/// </summary>
public static class PlaceholderRebuild
{
    /// <summary>Returns the paths that got a placeholder (or would, in a dry run).</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(RepositoryConfig config, StateStore state, IRelayStore store, bool dryRun, Action<string> progress, CancellationToken cancellationToken)
    {
        var written = new List<string>();
        var restore = new Sync.PlaceholderRestore(store, config.Client, config.LockTimeout, TimeProvider.System);
        var members = await Sync.Members.MemberDirectory.ReadAsync(store, cancellationToken);
        var pullers = members.ActivePullers.Where(p => p != config.Client).Order(StringComparer.Ordinal).ToList();
        foreach (var (relative, record) in state.Snapshot().OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(config.LocalPath, relative)))
            {
                continue;
            }

            if (!RelayPath.TryParse(relative, config.PortableNames, out var path, out var reason))
            {
                progress($"skipped {relative}: {reason}");
                continue;
            }

            var placeholderPath = path.Sibling(RelayNames.PlaceholderName(path.Name));
            if (await store.StatAsync(placeholderPath, cancellationToken) is not null)
            {
                progress($"kept {relative} (its placeholder is on the relay)");
                continue;
            }

            if (dryRun)
            {
                written.Add(relative);
                progress($"would write the placeholder of {relative}");
                continue;
            }

            var placeholder = new Placeholder(config.Client, record.Timestamp, record.Checksum, pullers);
            switch (await restore.WriteIfMissingAsync(path, placeholder, cancellationToken))
            {
                case Sync.RestoreOutcome.Written:
                    written.Add(relative);
                    progress($"wrote the placeholder of {relative}");
                    break;
                case Sync.RestoreOutcome.Present:
                    progress($"kept {relative} (its placeholder appeared on the relay meanwhile)");
                    break;
                default:
                    progress($"skipped {relative}: another node holds its lock (its transfer writes the placeholder)");
                    break;
            }
        }

        return written;
    }

    /// <summary>For <c>--push</c>: forgets the records of files whose placeholder is missing, so that the next pass pushes them as new.</summary>
    public static async Task<IReadOnlyList<string>> ForgetMissingAsync(RepositoryConfig config, StateStore state, IRelayStore store, bool dryRun, Action<string> progress, CancellationToken cancellationToken)
    {
        var forgotten = new List<string>();
        foreach (var relative in state.Snapshot().Keys.Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(config.LocalPath, relative)) || !RelayPath.TryParse(relative, config.PortableNames, out var path, out _))
            {
                continue;
            }

            if (await store.StatAsync(path.Sibling(RelayNames.PlaceholderName(path.Name)), cancellationToken) is not null)
            {
                continue;
            }

            forgotten.Add(relative);
            progress(dryRun ? $"would push {relative} again" : $"will push {relative} again");
            if (!dryRun)
            {
                state.Remove(relative);
            }
        }

        return forgotten;
    }
}
