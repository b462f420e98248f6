using Escale.Sync.Protocol;
using Escale.Sync.State;

namespace Escale.Sync.Decisions;

/// <summary>What a pass does for one file; each value has one executor in the reconciler.</summary>
public enum FileAction
{
    Nothing,

    /// <summary>Still being written: decided again next pass.</summary>
    Wait,

    /// <summary>Same content as the relay's version, never agreed: record it (and register if its payload waits for us).</summary>
    Agree,

    Push,

    /// <summary>A renamed file: publish the new name without its content.</summary>
    PushRename,

    /// <summary>Both sides changed since they agreed: keep both.</summary>
    Conflict,

    Pull,

    /// <summary>Mount mode: list it, pull when opened.</summary>
    Offer,

    /// <summary>A renamed version: install from this node's own copy; pull (or wait for the upload) when it has none.</summary>
    InstallRenamed,

    /// <summary>This node has the version but is not listed yet.</summary>
    Register,

    /// <summary>Every expected puller has it: the payload leaves.</summary>
    Free,

    /// <summary>Upload a held version again for the members who lack it.</summary>
    Repush,

    /// <summary>This node's payload was not pulled by every expected puller within <c>payload expiry</c>: it leaves the relay, the late pullers are owed it.</summary>
    Expire,

    /// <summary>This node lacks a version whose payload expired: it is owed it (not an error), served again now that it is back.</summary>
    Owed,

    /// <summary>Deleted here: send the tombstone.</summary>
    SendDeletion,

    /// <summary>Another node's tombstone: trash, forget, acknowledge or free it (<see cref="TombstoneSteps"/>).</summary>
    ApplyDeletion,

    /// <summary>Says once why nothing happens (the reason is in <see cref="Decision.Note"/>).</summary>
    Explain,
}

/// <summary>What to do with a tombstone, all under one lock.</summary>
[Flags]
public enum TombstoneSteps
{
    None = 0,
    Trash = 1,
    Forget = 2,
    Acknowledge = 4,
    RemoveLeftoverPayload = 8,
    Free = 16,
}

public sealed record Decision(FileAction Action, string? Note = null, TombstoneSteps Tombstone = TombstoneSteps.None)
{
    public static readonly Decision Nothing = new(FileAction.Nothing);
}

/// <summary>
/// The protocol's decisions for one file, as one pure function of what the node knows
/// (relay-protocol.md section 4 and the deletion rules): equal checksums → nothing to transfer; only the side
/// that changed since the last agreement wins; both changed → conflict, both kept; a tombstone takes only the
/// copy last agreed on, an edit wins over it. Tested as a table (FileDecisionTests); the reconciler only
/// gathers facts and runs the chosen executor.
/// </summary>
public static class FileDecision
{
    public static Decision Decide(FileFacts f)
    {
        if (f.LocalSettling)
        {
            return new(FileAction.Wait);
        }

        var ph = f.Placeholder;
        if (ph is { IsTombstone: true } && !f.LocalChanged)
        {
            return Tombstone(f, ph);
        }

        if (!f.LocalExists && f.Record is not null && f.DeletedHere && (ph is null || !IsNewVersion(ph, f.Record)))
        {
            return new(FileAction.SendDeletion);
        }

        if (f.LocalChanged)
        {
            return LocalChanged(f, ph);
        }

        if (ph is null)
        {
            return Decision.Nothing;
        }

        if (!f.PayloadPresent)
        {
            // An expired payload is uploaded again only for a late puller that came back, not because it vanished.
            var owed = ph.Expired is null ? f.RepushOwed : f.OwedReturned;
            if (owed && f.LocalExists && f.MayPush && f.Record is not null && ph.Checksum is not null && ph.Checksum == f.Record.Checksum)
            {
                return new(FileAction.Repush);
            }

            if (ph.Source is not null && !f.LocalExists && f.MayPull && IsNewVersion(ph, f.Record))
            {
                return new(FileAction.InstallRenamed);
            }

            return ph.Expired is not null && !ph.IsTombstone && ph.Pusher != f.Me && f.MayPull && IsNewVersion(ph, f.Record) && !ph.HasPuller(f.Me)
                ? new(FileAction.Owed)
                : Decision.Nothing;
        }

        if (IsNewVersion(ph, f.Record))
        {
            return NewVersion(f, ph);
        }

        if (f.LocalExists && ph.Pusher != f.Me && !ph.HasPuller(f.Me) && f.MayPull)
        {
            return new(FileAction.Register); // e.g. pulled before a crash, or found equal
        }

        if (f.Delivered)
        {
            return new(FileAction.Free);
        }

        return ph.Pusher == f.Me && !ph.IsTombstone && IsExpired(f.PushedAt, f.PayloadExpiry, f.Now) ? new(FileAction.Expire) : Decision.Nothing;
    }

    /// <summary>
    /// Whether a payload pushed at <paramref name="pushedAt"/> has outlived <paramref name="expiry"/> at
    /// <paramref name="now"/> (unix seconds): at the deadline itself, not a second before. Never without an expiry or a push time.
    /// </summary>
    public static bool IsExpired(long? pushedAt, TimeSpan? expiry, long now) =>
        pushedAt is { } pushed && expiry is { } e && now >= pushed + (long)Math.Ceiling(e.TotalSeconds);

    /// <summary>Whether the placeholder names a version this node has not agreed on.</summary>
    public static bool IsNewVersion(Placeholder ph, FileRecord? record) =>
        record is null || (ph.Checksum is not null ? ph.Checksum != record.Checksum : ph.Timestamp != record.Timestamp);

    private static Decision NewVersion(FileFacts f, Placeholder ph)
    {
        if (!f.MayPull)
        {
            return Decision.Nothing;
        }

        if (ph.Source is not null && !f.LocalExists)
        {
            return new(FileAction.InstallRenamed);
        }

        if (f.PullOnDemand && !f.LocalExists)
        {
            return new(FileAction.Offer);
        }

        if (f.LocalExists && !f.AccessPull)
        {
            return new(FileAction.Explain, "not overwritten by a pull (access w-)");
        }

        if (f.LocalExists && f.Conservative && f.Record?.Origin != FileOrigin.Pulled)
        {
            return new(FileAction.Explain, "newer version on the relay not pulled: conservative mode keeps files this node did not pull");
        }

        return new(FileAction.Pull);
    }

    private static Decision LocalChanged(FileFacts f, Placeholder? ph)
    {
        // A tombstone here means deleted elsewhere but changed or new here: this copy wins and is pushed
        // (a resurrection, never a loss).
        if (ph is { IsTombstone: false } && f.LocalChecksum is not null && f.LocalChecksum == ph.Checksum)
        {
            return new(FileAction.Agree);
        }

        if (ph is { IsTombstone: false } && IsNewVersion(ph, f.Record))
        {
            // Already listed as a puller of a version it never agreed on: this node took that version as a
            // conflict copy and was stopped before pushing its own (the conflict is resolved: push).
            return ph.HasPuller(f.Me) && ph.Pusher != f.Me ? new(FileAction.Push) : new(FileAction.Conflict);
        }

        if (!f.MayPush || !f.AccessPush)
        {
            return Decision.Nothing;
        }

        if (!f.CanEncode)
        {
            return new(FileAction.Explain, $"not pushed: encryption '{f.Encryption}' is configured read-only");
        }

        return f.Record is null && f.IsRename && (ph is null || ph.IsTombstone) ? new(FileAction.PushRename) : new(FileAction.Push);
    }

    private static Decision Tombstone(FileFacts f, Placeholder ph)
    {
        var steps = TombstoneSteps.None;
        var mine = ph.Pusher == f.Me;
        string? note = null;
        if (f.LocalExists && f.Record is not null && !mine)
        {
            var applies = f.PropagateDeletions && f.MayPull && f.AccessPull && (!f.Conservative || f.Record.Origin == FileOrigin.Pulled);
            if (applies)
            {
                steps |= TombstoneSteps.Trash;
            }
            else if (!ph.HasPuller(f.Me))
            {
                note = f.PropagateDeletions ? "deleted by another node; kept here (this node does not apply deletions to it)" : "deleted by another node; kept here (propagate deletions = no)";
                steps |= TombstoneSteps.Acknowledge;
            }
        }
        else if (!f.LocalExists && f.Record is not null)
        {
            steps |= TombstoneSteps.Forget;
        }

        if (!mine && !ph.HasPuller(f.Me) && (steps != TombstoneSteps.None || f.ExpectingMe))
        {
            steps |= TombstoneSteps.Acknowledge;
        }

        if (f.PayloadPresent)
        {
            steps |= TombstoneSteps.RemoveLeftoverPayload;
        }

        // Whoever completes the expected set removes the tombstone; a node already listed (or its pusher) may too.
        if (steps.HasFlag(TombstoneSteps.Acknowledge) || ((mine || ph.HasPuller(f.Me)) && f.Delivered))
        {
            steps |= TombstoneSteps.Free;
        }

        return steps == TombstoneSteps.None ? Decision.Nothing : new(FileAction.ApplyDeletion, note, steps);
    }
}
