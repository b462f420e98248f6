namespace Escale.Sync.Parts;

/// <summary>What one pass did for a split push.</summary>
public enum SplitPushOutcome
{
    /// <summary>The local file changed while it was read: pushed again later.</summary>
    Changed,

    /// <summary>No part fits in the relay quota now: nothing was written.</summary>
    Waiting,

    /// <summary>Some parts went up; the rest waits for room (pullers free parts as they take them).</summary>
    Partial,

    /// <summary>Every part is up.</summary>
    Complete,
}
