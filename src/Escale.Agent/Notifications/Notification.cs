namespace Escale.Agent.Notifications;

public enum NotificationKind
{
    Conflict,

    /// <summary>Something only a person can fix: a wrong passphrase, a repository marker mismatch, an interrupted write, a quota full for long.</summary>
    NeedsAttention,

    LargeTransfer,
}

/// <summary>One desktop notification. <see cref="Key"/> (a file, or the repository for whole-repository trouble) is what rate limiting counts by.</summary>
public sealed record Notification(NotificationKind Kind, string Repository, string Key, string Summary, string Body);
