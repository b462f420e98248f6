using Escale.Core.Config;
using Escale.Relay;
using Escale.Sync.Members;
using Escale.Sync.Protocol;
using Escale.Sync.State;
using Escale.Sync.Status;

namespace Escale.Agent.Operations;

/// <summary>
/// What <c>escalectl status</c> says about a repository no agent runs for: the durable queue and
/// records from the local state, offers and delivery counts from one walk of the relay. Nothing is
/// transferring (no agent), so <see cref="RepositoryStatus.Transfers"/> is empty.
/// </summary>
public static class OfflineStatus
{
    /// <summary>The status; <paramref name="relayError"/> is set (and relay facts left out) when the relay could not be read.</summary>
    public static async Task<RepositoryStatus> ReadAsync(RepositoryConfig config, StateStore? state, IRelayStore? store, string? relayError, CancellationToken cancellationToken)
    {
        var queue = state?.Queue.Order(StringComparer.Ordinal).ToList() ?? [];
        var records = state?.Snapshot() ?? new Dictionary<string, FileRecord>();
        var members = new List<MemberRecord>();
        var payloads = new Dictionary<string, RelayEntry>(StringComparer.Ordinal);
        var placeholders = new Dictionary<string, Placeholder>(StringComparer.Ordinal);
        if (store is not null && relayError is null)
        {
            try
            {
                await foreach (var item in RelayWalker.WalkAsync(store, cancellationToken))
                {
                    if (item.IsDirectory)
                    {
                        continue;
                    }

                    var kind = RelayNames.Classify(item.Path.Name, out var subject);
                    var relative = item.Path.Parent.IsRoot ? subject : item.Path.Parent.Value + "/" + subject;
                    if (kind == RelayNameKind.Payload)
                    {
                        payloads[relative] = item.Entry;
                    }
                    else if (kind == RelayNameKind.Placeholder && await ReadPlaceholderAsync(store, item, cancellationToken) is { } ph)
                    {
                        placeholders[relative] = ph;
                    }
                    else if (kind == RelayNameKind.Member && item.Path.Parent.IsRoot && await MemberDirectory.ReadOneAsync(store, subject, cancellationToken) is { } member)
                    {
                        members.Add(member);
                    }
                }
            }
            catch (RelayException e)
            {
                relayError = e.Message;
            }
        }

        var offers = new List<Offer>();
        foreach (var (path, entry) in payloads.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var ph = placeholders.GetValueOrDefault(path);
            var mine = ph?.Pusher == config.Client || ph?.HasPuller(config.Client) == true || (ph?.Checksum is { } sum && records.GetValueOrDefault(path)?.Checksum == sum);
            if (!mine)
            {
                offers.Add(new Offer(path, null, entry.Modified ?? DateTimeOffset.MinValue, ph?.Pusher));
            }
        }

        // One state per file, in the agent's order: queued, then offered, then settled.
        var queued = queue.ToHashSet(StringComparer.Ordinal);
        var offered = offers.Select(o => o.Path).Where(p => !queued.Contains(p)).ToHashSet(StringComparer.Ordinal);
        var memberList = new MemberList(members);
        var files = new List<FileStatus>();
        foreach (var path in records.Keys.Union(queue).Where(p => !offered.Contains(p)).Order(StringComparer.Ordinal))
        {
            if (queued.Contains(path))
            {
                files.Add(new FileStatus(path, FileState.Queued));
                continue;
            }

            // As the agent judges it (SettledState): this node's version, its payload still on the relay.
            var record = records.GetValueOrDefault(path);
            var ph = placeholders.GetValueOrDefault(path);
            var onRelay = ph is not null && ph.Pusher == config.Client && payloads.ContainsKey(path) && (record is null || ph.Checksum == record.Checksum)
                ? Delivery.Describe(ph, memberList, config.PullerCount) : null;
            files.Add(SettledState.Of(path, record is not null, ExistsLocally(config, path), onRelay));
        }

        files.AddRange(offered.Select(p => new FileStatus(p, FileState.Offered)));

        // Payload expiry, as the agent judges it (SettledState.Expired): this node's expired versions, and those owed to it.
        var mayPull = config.Mode is SyncMode.Shared or SyncMode.Conservative or SyncMode.Download;
        foreach (var (path, ph) in placeholders.Where(p => !queued.Contains(p.Key) && !offered.Contains(p.Key)))
        {
            if (SettledState.Expired(path, ph, payloads.ContainsKey(path), config.Client, records.GetValueOrDefault(path), mayPull, memberList) is { } expired)
            {
                files.RemoveAll(f => f.Path == path);
                files.Add(expired);
            }
        }
        return new RepositoryStatus([], queue, offers, files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList(), null, null, relayError);
    }

    private static bool ExistsLocally(RepositoryConfig config, string path) =>
        Escale.Core.Paths.RelayPath.TryParse(path, false, out var p, out _) && File.Exists(Escale.Sync.Scanning.LocalPaths.Resolve(config.LocalPath, p));

    private static async Task<Placeholder?> ReadPlaceholderAsync(IRelayStore store, RelayItem item, CancellationToken cancellationToken)
    {
        if (item.Entry.Size > 1 << 20)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await using (var stream = await store.OpenReadAsync(item.Path, 0, cancellationToken))
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }

        try
        {
            return Placeholder.Parse(buffer.ToArray());
        }
        catch (FormatException)
        {
            return null; // a damaged placeholder is the reconciler's business, not the status display's
        }
    }
}
