using System.Collections.Immutable;

namespace Escale.Agent.Notifications;

/// <summary>
/// What the planner remembers between looks: when each (kind, repository, key) was last announced, since
/// when each repository's relay has been full, and which files were held back already.
/// </summary>
public sealed record NotifyMemory(
    ImmutableDictionary<string, DateTimeOffset> Sent,
    ImmutableDictionary<string, DateTimeOffset> OverQuotaSince,
    ImmutableHashSet<string> Held)
{
    public static readonly NotifyMemory Empty = new(
        ImmutableDictionary<string, DateTimeOffset>.Empty,
        ImmutableDictionary<string, DateTimeOffset>.Empty,
        ImmutableHashSet<string>.Empty);

    public static string KeyOf(NotificationKind kind, string repository, string key) => $"{kind}\n{repository}\n{key}";

    public bool Quiet(NotificationKind kind, string repository, string key, DateTimeOffset now, TimeSpan quiet) =>
        Sent.TryGetValue(KeyOf(kind, repository, key), out var last) && now - last < quiet;
}
