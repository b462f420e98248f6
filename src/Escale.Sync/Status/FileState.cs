namespace Escale.Sync.Status;

/// <summary>Where one file stands, as <c>user.escale.state</c> and <c>escalectl status</c> show it.</summary>
public enum FileState
{
    /// <summary>Only here: not pushed (filtered, access r-, upload not allowed) or already delivered.</summary>
    Local,

    /// <summary>Changed here, waiting for its push.</summary>
    Queued,

    Pushing,

    Pulling,

    /// <summary>Pushed by this node, payload still on the relay for pullers.</summary>
    OnRelay,

    /// <summary>On the relay for this node, not fetched yet.</summary>
    Offered,

    /// <summary>A conflict copy kept beside the file.</summary>
    Conflict,

    /// <summary>Excluded by an ignore rule (<c>.escaleignore</c> or the defaults): never pushed.</summary>
    Ignored,

    /// <summary>Was open for writing in the mount when the agent died: held back until written and closed again, or confirmed.</summary>
    InterruptedWrite,

    /// <summary>
    /// Gone from the local folder while the local state still holds its agreed version: the deletion
    /// stays here (the other nodes keep the file, and a newer version would come back).
    /// </summary>
    Deleted,

    /// <summary>
    /// Its payload left the relay at <c>payload expiry</c> before every expected puller had it: for this node's
    /// own version, the late pullers are owed it; for a version this node lacks, it is owed to this node. Either
    /// way it is uploaded again when an owed node is back.
    /// </summary>
    Expired, // last: the agent's status travels as numbers, so earlier values keep theirs
}
