using Escale.Sync.Protocol;
using Escale.Sync.State;

namespace Escale.Sync.Decisions;

/// <summary>What one node knows about one file when it decides: gathered by the reconciler (listing,
/// cached placeholder read, hash when needed), consumed by <see cref="FileDecision.Decide"/>.</summary>
public sealed record FileFacts
{
    public required string Me { get; init; }

    // Local side.
    public bool LocalExists { get; init; }

    /// <summary>The local file differs from the record (or there is no record); a file merely touched (same
    /// checksum as the record) is not changed: the gatherer updates its record first.</summary>
    public bool LocalChanged { get; init; }

    /// <summary>Still being written (not settled, or open for writing when the agent died).</summary>
    public bool LocalSettling { get; init; }

    public string? LocalChecksum { get; init; }

    public FileRecord? Record { get; init; }

    /// <summary>Deleted here since agreed (a pass-level rule: <see cref="Deletions.LocalDeletions"/>).</summary>
    public bool DeletedHere { get; init; }

    /// <summary>A new local file that is a recorded one renamed this pass.</summary>
    public bool IsRename { get; init; }

    // Relay side.
    public Placeholder? Placeholder { get; init; }

    public bool PayloadPresent { get; init; }

    /// <summary>Every expected puller has the placeholder's version.</summary>
    public bool Delivered { get; init; }

    /// <summary>This node is one of the pullers the placeholder's version waits for.</summary>
    public bool ExpectingMe { get; init; }

    /// <summary>Members lack the version whose payload is gone and this node is one that should upload it again.</summary>
    public bool RepushOwed { get; init; }

    /// <summary>
    /// The payload expired (the placeholder's <c>expired:</c> line) and a member that lacks it was seen after
    /// that: it is back, and a holder uploads it again for it. Replaces <see cref="RepushOwed"/> for an expired
    /// version, so that its payload is not uploaded again merely because it vanished.
    /// </summary>
    public bool OwedReturned { get; init; }

    /// <summary>
    /// When the payload was uploaded (unix seconds): the placeholder's <c>pushed:</c> line, else the relay's mtime of
    /// the payload. For a split version the <c>pushed:</c> line alone, written when its last part went up (null while
    /// parts still go up: no deadline then).
    /// </summary>
    public long? PushedAt { get; init; }

    /// <summary>Now, in unix seconds of this node's clock (the one its <c>pushed:</c> lines are written with).</summary>
    public long Now { get; init; }

    // This node's options for the file.

    /// <summary><c>payload expiry</c>: null = payloads never expire.</summary>
    public TimeSpan? PayloadExpiry { get; init; }

    public bool MayPush { get; init; } = true;

    public bool MayPull { get; init; } = true;

    public bool CanEncode { get; init; } = true;

    /// <summary>The configured encryption's name, for the one line that says why nothing is pushed.</summary>
    public string Encryption { get; init; } = "off";

    public bool AccessPush { get; init; } = true;

    public bool AccessPull { get; init; } = true;

    public bool Conservative { get; init; }

    public bool PullOnDemand { get; init; }

    public bool PropagateDeletions { get; init; } = true;
}
