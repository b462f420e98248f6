using Escale.Relay;
using Escale.Sync.Members;
using Escale.Sync.Protocol;

namespace Escale.Agent.Operations;

/// <summary>
/// <c>escalectl members</c>: the relay's member records with, for each, how many current versions it
/// lacks (versions it is owed: not its own, not pulled by it), from one walk of the relay.
/// </summary>
public static class MembersReport
{
    public sealed record Line(MemberRecord Member, int Undelivered);

    public static async Task<IReadOnlyList<Line>> ReadAsync(IRelayStore store, CancellationToken cancellationToken)
    {
        var members = await MemberDirectory.ReadAsync(store, cancellationToken);
        var owed = members.All.ToDictionary(m => m.Name, _ => 0, StringComparer.Ordinal);
        await foreach (var item in RelayWalker.WalkAsync(store, cancellationToken))
        {
            if (item.IsDirectory || RelayNames.Classify(item.Path.Name, out _) != RelayNameKind.Placeholder || item.Entry.Size > 1 << 20)
            {
                continue;
            }

            if (await ReadAsync(store, item, cancellationToken) is { Checksum: not null } ph)
            {
                foreach (var name in Delivery.Owed(ph, members))
                {
                    owed[name]++;
                }
            }
        }

        return members.All.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Joined)
            .Select(m => new Line(m, m.IsRetired || !m.Pulls ? 0 : owed[m.Name])).ToList();
    }

    private static async Task<Placeholder?> ReadAsync(IRelayStore store, RelayItem item, CancellationToken cancellationToken)
    {
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
            return null;
        }
    }
}
