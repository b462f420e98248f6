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
}
