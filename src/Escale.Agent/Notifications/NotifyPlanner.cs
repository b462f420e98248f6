using System.Collections.Immutable;
using Escale.Sync;
using Escale.Sync.Status;

namespace Escale.Agent.Notifications;

/// <summary>
/// What to notify: a pure function of what the agent saw (<see cref="NotifyFacts"/>), what was announced
/// before (<see cref="NotifyMemory"/>) and the time. No storm: one notification per file (or repository)
/// and kind per quiet time, many conflicts at once become one, a full relay is announced once per episode
/// and only when it lasts, a held-back file once while it stays held.
/// </summary>
public static class NotifyPlanner
{
    /// <summary>The key of whole-repository trouble (the agent stopped) and of a full relay.</summary>
    public const string AgentKey = "(agent)";
    public const string QuotaKey = "(relay quota)";

    public static (IReadOnlyList<Notification> Send, NotifyMemory Memory) Decide(NotifyFacts facts, NotifyMemory memory, DateTimeOffset now, NotifySettings settings)
    {
        var repo = facts.Repository;
        var send = new List<Notification>();
        var sent = memory.Sent.ToBuilder();

        bool Fresh(NotificationKind kind, string key) => !memory.Quiet(kind, repo, key, now, settings.Quiet)
            && !send.Any(n => n.Kind == kind && n.Key == key);

        void Add(Notification n, IEnumerable<string>? alsoKeys = null)
        {
            send.Add(n);
            foreach (var k in (alsoKeys ?? []).Append(n.Key))
            {
                sent[NotifyMemory.KeyOf(n.Kind, repo, k)] = now;
            }
        }

        if (facts.Fatal is { } line && Fresh(NotificationKind.NeedsAttention, AgentKey))
        {
            Add(new(NotificationKind.NeedsAttention, repo, AgentKey, $"escale: {repo} stopped", line));
        }

        var conflicts = facts.NewConflicts.Where(c => Fresh(NotificationKind.Conflict, FileOf(c))).ToList();
        if (conflicts.Count > settings.MaxListed)
        {
            var names = string.Join(", ", conflicts.Take(settings.MaxListed).Select(FileOf));
            Add(
                new(NotificationKind.Conflict, repo, "(" + conflicts.Count + " conflicts)", $"{conflicts.Count} conflicts in {repo}", $"{names} and {conflicts.Count - settings.MaxListed} more; escalectl conflicts lists them"),
                conflicts.Select(FileOf));
        }
        else
        {
            foreach (var c in conflicts)
            {
                Add(new(NotificationKind.Conflict, repo, FileOf(c), $"Conflict: {FileOf(c)}", $"{c.Node}'s version is kept beside it as {Name(c.Copy)}; escalectl resolve {FileOf(c)} --keep mine|theirs|both"));
            }
        }

        var overQuota = memory.OverQuotaSince;
        if (facts.OverQuota > 0)
        {
            var since = overQuota.GetValueOrDefault(repo, now);
            overQuota = overQuota.SetItem(repo, since);
            var announced = memory.Sent.TryGetValue(NotifyMemory.KeyOf(NotificationKind.NeedsAttention, repo, QuotaKey), out var at) && at >= since;
            if (now - since >= settings.OverQuotaFor && !announced)
            {
                Add(new(NotificationKind.NeedsAttention, repo, QuotaKey, $"escale: {repo}: relay full", $"{facts.OverQuota} file(s) wait to be pushed since {since:yyyy-MM-dd HH:mm} UTC: the relay's quota is reached"));
            }
        }
        else
        {
            overQuota = overQuota.Remove(repo);
        }

        foreach (var file in facts.InterruptedWrites.Where(f => !memory.Held.Contains(HeldKey(repo, f))))
        {
            Add(new(NotificationKind.NeedsAttention, repo, file, $"Held back: {file}", $"It was open for writing when the agent stopped; write and close it again, or escalectl confirm {file}"));
        }

        var held = memory.Held.Where(h => !h.StartsWith(repo + "\n", StringComparison.Ordinal)).Concat(facts.InterruptedWrites.Select(f => HeldKey(repo, f)));

        // An expired payload happens once per version: told once (the planner's quiet time still guards repeats).
        foreach (var e in (facts.Expired ?? []).Where(e => Fresh(NotificationKind.NeedsAttention, e.Path)))
        {
            var owed = e.Owed.Count > 0 ? string.Join(", ", e.Owed.Take(settings.MaxListed)) + (e.Owed.Count > settings.MaxListed ? $" and {e.Owed.Count - settings.MaxListed} more" : "") : "the late pullers";
            Add(new(NotificationKind.NeedsAttention, repo, e.Path, $"Expired on the relay: {Name(e.Path)}", $"{e.Path}: {owed} did not pull it in time; it is uploaded again when they come back"));
        }

        foreach (var t in facts.Finished.Where(t => t.Bytes >= settings.LargeTransfer && Fresh(NotificationKind.LargeTransfer, t.Path)))
        {
            var verb = t.Direction == TransferDirection.Push ? "Pushed" : "Pulled";
            Add(new(NotificationKind.LargeTransfer, repo, t.Path, $"{verb} {Name(t.Path)}", $"{t.Path}, {Sizes.Human(t.Bytes)} ({repo})"));
        }

        return (send, new NotifyMemory(sent.ToImmutable(), overQuota, held.ToImmutableHashSet()));
    }

    private static string FileOf(ConflictCopy c) => c.File ?? c.Copy;

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string HeldKey(string repo, string file) => repo + "\n" + file;
}
