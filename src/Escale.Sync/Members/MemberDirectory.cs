using Escale.Core.Paths;
using Escale.Relay;

namespace Escale.Sync.Members;

/// <summary>Reads the member records of a relay without an engine (escalectl, the offline status reader).</summary>
public static class MemberDirectory
{
    public static async Task<MemberList> ReadAsync(IRelayStore store, CancellationToken cancellationToken)
    {
        var records = new List<MemberRecord>();
        await foreach (var entry in store.ListAsync(RelayPath.Root, cancellationToken))
        {
            if (!entry.IsDirectory && MemberRecord.IsRecordName(entry.Name, out var id) && entry.Size <= MemberRecord.MaxBytes
                && records.Count < MemberRegistry.MaxRecords)
            {
                if (await ReadOneAsync(store, id, cancellationToken) is { } record)
                {
                    records.Add(record);
                }
            }
        }

        return new MemberList(records);
    }

    public static async Task<MemberRecord?> ReadOneAsync(IRelayStore store, string id, CancellationToken cancellationToken)
    {
        try
        {
            await using var s = await store.OpenReadAsync(RelayPath.Root.Append(MemberRecord.FileNameOf(id)), 0, cancellationToken);
            var buffer = new MemoryStream();
            await RelayLocks.CopyBoundedAsync(s, buffer, MemberRecord.MaxBytes + 1, cancellationToken);
            return MemberRecord.Parse(buffer.ToArray(), id);
        }
        catch (RelayException e) when (e.Kind is RelayErrorKind.NotFound or RelayErrorKind.Permanent)
        {
            return null;
        }
    }

    /// <summary>
    /// Retires a member (<c>escalectl forget</c>): its pending deliveries stop waiting for it. A retired node
    /// that runs again joins anew (and catches up). Returns the record as it now is, or null when unknown.
    /// Only this field of another node's record is ever written, and its node rewrites the record when it
    /// next runs: a race between the two ends with the node a member again, which is what running means.
    /// </summary>
    public static async Task<MemberRecord?> RetireAsync(IRelayStore store, MemberList members, string nameOrId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var target = members.All.FirstOrDefault(m => m.Id == nameOrId) ?? members.ByName(nameOrId);
        if (target is null || target.IsRetired)
        {
            return target;
        }

        var retired = target with { Retired = now.ToUnixTimeSeconds() };
        await store.WriteAsync(RelayPath.Root.Append(MemberRecord.FileNameOf(target.Id)), new MemoryStream(retired.ToBytes()), WriteMode.Overwrite, cancellationToken);
        return retired;
    }
}
