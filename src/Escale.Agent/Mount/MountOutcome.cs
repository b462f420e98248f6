namespace Escale.Agent.Mount;

/// <param name="LeftQueued">Files the bounded drain could not push (they stay in the durable queue for the next start).</param>
/// <param name="Refused">
/// What ended the sync loop when the relay refused for good (a login, a missing relay folder, a marker
/// mismatch: the relay connects after mounting, so this is the command's error); null when it was a stop.
/// </param>
public sealed record MountOutcome(int LeftQueued, Exception? Refused = null);
