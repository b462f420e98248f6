using Escale.Agent.Notifications;
using Escale.Sync.Status;

namespace Escale.Ops.Tests;

/// <summary>What to notify, as a table: facts and what was announced before in, notifications out.</summary>
public sealed class NotifyPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly NotifySettings S = NotifySettings.Default;

    private static ConflictCopy Copy(string file, string node = "bob") =>
        ConflictCopy.TryParse(file.Replace(".txt", $".escale-conflict-20261207-095900-{node}.txt", StringComparison.Ordinal))!;

    private static NotifyFacts Facts(
        IReadOnlyList<ConflictCopy>? conflicts = null, int overQuota = 0, IReadOnlyList<string>? held = null, IReadOnlyList<FinishedTransfer>? finished = null, string? fatal = null,
        IReadOnlyList<Escale.Sync.ExpiredPayload>? expired = null) =>
        new("docs", conflicts ?? [], overQuota, held ?? [], finished ?? [], fatal, expired);

    /// <summary>Runs the facts one after the other (minutes after T0) and returns each step's summaries.</summary>
    private static List<string[]> Run((int Minute, NotifyFacts Facts)[] steps)
    {
        var memory = NotifyMemory.Empty;
        var all = new List<string[]>();
        foreach (var (minute, facts) in steps)
        {
            var (send, next) = NotifyPlanner.Decide(facts, memory, T0.AddMinutes(minute), S);
            memory = next;
            all.Add(send.Select(n => $"{n.Kind}: {n.Summary}").ToArray());
        }

        return all;
    }

    public static TheoryData<string, (int, NotifyFacts)[], string[][]> Table => new()
    {
        { "nothing happened: nothing said", [(0, Facts())], [[]] },
        {
            "an expired payload is told once, naming who is owed it",
            [(0, Facts(expired: [new("big.iso", ["carol"])])), (1, Facts())],
            [["NeedsAttention: Expired on the relay: big.iso"], []]
        },
        {
            "two expired payloads: one each",
            [(0, Facts(expired: [new("a.bin", ["carol"]), new("d/b.bin", ["carol", "dave"])]))],
            [["NeedsAttention: Expired on the relay: a.bin", "NeedsAttention: Expired on the relay: b.bin"]]
        },
        { "a conflict names the file", [(0, Facts([Copy("a.txt")]))], [["Conflict: Conflict: a.txt"]] },
        {
            "the same file again within the quiet time: once; after it: again",
            [(0, Facts([Copy("a.txt")])), (5, Facts([Copy("a.txt", "carol")])), (11, Facts([Copy("a.txt", "dave")]))],
            [["Conflict: Conflict: a.txt"], [], ["Conflict: Conflict: a.txt"]]
        },
        { "another file is not held back by the first", [(0, Facts([Copy("a.txt")])), (1, Facts([Copy("b.txt")]))], [["Conflict: Conflict: a.txt"], ["Conflict: Conflict: b.txt"]] },
        {
            "many conflicts at once are one notification, and count as told",
            [(0, Facts([Copy("a.txt"), Copy("b.txt"), Copy("c.txt"), Copy("d.txt")])), (1, Facts([Copy("c.txt")]))],
            [["Conflict: 4 conflicts in docs"], []]
        },
        { "up to the limit, one each", [(0, Facts([Copy("a.txt"), Copy("b.txt"), Copy("c.txt")]))], [["Conflict: Conflict: a.txt", "Conflict: Conflict: b.txt", "Conflict: Conflict: c.txt"]] },
        { "the agent stopped: a person must act", [(0, Facts(fatal: "wrong passphrase"))], [["NeedsAttention: escale: docs stopped"]] },
        { "it stops again after a restart within the quiet time: once", [(0, Facts(fatal: "x")), (2, Facts(fatal: "x")), (12, Facts(fatal: "x"))], [["NeedsAttention: escale: docs stopped"], [], ["NeedsAttention: escale: docs stopped"]] },
        {
            "a full relay is news only when it lasts, and once per episode",
            [(0, Facts(overQuota: 2)), (29, Facts(overQuota: 2)), (30, Facts(overQuota: 1)), (45, Facts(overQuota: 1)), (50, Facts()), (51, Facts(overQuota: 1)), (81, Facts(overQuota: 1))],
            [[], [], ["NeedsAttention: escale: docs: relay full"], [], [], [], ["NeedsAttention: escale: docs: relay full"]]
        },
        {
            "a held-back file once while it stays held; again when held anew",
            [(0, Facts(held: ["w.txt"])), (20, Facts(held: ["w.txt"])), (21, Facts()), (22, Facts(held: ["w.txt"]))],
            [["NeedsAttention: Held back: w.txt"], [], [], ["NeedsAttention: Held back: w.txt"]]
        },
        {
            "a large transfer finished; a small one is no news",
            [(0, Facts(finished: [new("big.iso", TransferDirection.Pull, 100L << 20), new("small.txt", TransferDirection.Push, (100L << 20) - 1)]))],
            [["LargeTransfer: Pulled big.iso"]]
        },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Decides(string why, (int, NotifyFacts)[] steps, string[][] expected)
    {
        var got = Run(steps);
        Assert.True(expected.Length == got.Count, why);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].SequenceEqual(got[i]), $"{why}: step {i}: [{string.Join("; ", got[i])}]");
        }
    }

    [Fact]
    public void A_conflict_notification_says_whose_copy_and_how_to_resolve()
    {
        var (send, _) = NotifyPlanner.Decide(Facts([Copy("dir/a.txt")]), NotifyMemory.Empty, T0, S);
        var n = Assert.Single(send);
        Assert.Equal("dir/a.txt", n.Key);
        Assert.Contains("bob's version is kept beside it as a.escale-conflict-20261207-095900-bob.txt", n.Body, StringComparison.Ordinal);
        Assert.Contains("escalectl resolve dir/a.txt --keep mine|theirs|both", n.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_body_escapes_markup_so_names_from_the_relay_stay_text() =>
        Assert.Equal("a&lt;b&gt; &amp; bob's", DBusNotificationSink.Escape("a<b> & bob's"));
}
