namespace Escale.Sync.Status;

/// <summary>
/// What a file is when nothing is happening to it (not ignored, held back, transferring, queued or
/// offered): one rule for the running agent and for the status read without one, so the two never
/// disagree. A conflict copy is a conflict while it exists; once deleted it is a deletion like any other.
/// </summary>
public static class SettledState
{
    /// <param name="path">relative to the local folder, '/'-separated</param>
    /// <param name="hasRecord">the local state holds an agreed version of it</param>
    /// <param name="existsLocally">it is in the local folder now</param>
    /// <param name="onRelay">this node's own version's delivery, when its payload was on the relay at the last look</param>
    public static FileStatus Of(string path, bool hasRecord, bool existsLocally, Members.DeliveryState? onRelay)
    {
        if (existsLocally && ConflictCopy.IsCopy(path))
        {
            return new FileStatus(path, FileState.Conflict);
        }

        if (hasRecord && !existsLocally)
        {
            return new FileStatus(path, FileState.Deleted);
        }

        return onRelay is { } d
            ? new FileStatus(path, FileState.OnRelay, d.Pulled.Count, d.Expected) { Delivery = d.ToString() }
            : new FileStatus(path, FileState.Local);
    }

    /// <summary>
    /// An expired version's state (<c>payload expiry</c>), the same rule for the agent and for the offline status:
    /// this node's own version whose payload expired lists the members owed it; a version this node lacks and
    /// would pull is owed to this node. Null when the placeholder is not an expired one of either kind.
    /// </summary>
    public static FileStatus? Expired(string path, Protocol.Placeholder ph, bool payloadPresent, string me, State.FileRecord? record, bool mayPull, Members.MemberList members)
    {
        if (ph.Expired is null || ph.IsTombstone || payloadPresent)
        {
            return null;
        }

        if (ph.Pusher == me)
        {
            var owed = Members.Delivery.Owed(ph, members);
            return record?.Checksum == ph.Checksum
                ? new FileStatus(path, FileState.Expired) { Delivery = owed.Count > 0 ? "owed: " + string.Join(", ", owed) : "owed: nobody now" }
                : null;
        }

        return mayPull && !ph.HasPuller(me) && Decisions.FileDecision.IsNewVersion(ph, record)
            ? new FileStatus(path, FileState.Expired) { Delivery = FileStatus.OwedToThisNode }
            : null;
    }
}
