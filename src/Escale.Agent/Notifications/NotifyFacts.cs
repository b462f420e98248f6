using Escale.Sync.Status;

namespace Escale.Agent.Notifications;

/// <summary>A transfer seen in flight that ended with all its bytes moved.</summary>
public sealed record FinishedTransfer(string Path, TransferDirection Direction, long Bytes);

/// <summary>
/// What one repository's agent saw since the last look, taken from what the engine already reports
/// (the pass result, the conflict copies in the local folder, the interrupted-write journal, the
/// transfers in flight) and from an abort of its loop.
/// </summary>
/// <param name="NewConflicts">Conflict copies that were not there at the last look.</param>
/// <param name="OverQuota">Pushes the last pass postponed because the relay is full (0: none).</param>
/// <param name="InterruptedWrites">Files held back as interrupted writes now.</param>
/// <param name="Fatal">The one line the agent stopped on (wrong passphrase, marker mismatch...), else null.</param>
/// <param name="Expired">Payloads this node removed at their <c>payload expiry</c> deadline, with the pullers now owed them.</param>
public sealed record NotifyFacts(
    string Repository,
    IReadOnlyList<ConflictCopy> NewConflicts,
    int OverQuota,
    IReadOnlyList<string> InterruptedWrites,
    IReadOnlyList<FinishedTransfer> Finished,
    string? Fatal = null,
    IReadOnlyList<Escale.Sync.ExpiredPayload>? Expired = null)
{
    public static NotifyFacts None(string repository) => new(repository, [], 0, [], []);
}
