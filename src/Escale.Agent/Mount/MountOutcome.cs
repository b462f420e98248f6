namespace Escale.Agent.Mount;

/// <param name="LeftQueued">Files the bounded drain could not push (they stay in the durable queue for the next start).</param>
public sealed record MountOutcome(int LeftQueued);
