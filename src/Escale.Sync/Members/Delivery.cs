using Escale.Sync.Protocol;

namespace Escale.Sync.Members;

/// <summary>
/// Who a pushed version is for, and whether it reached them: pure functions of the placeholder, the
/// members and <c>puller count</c>, tested as tables.
/// <list type="bullet">
/// <item>Expected pullers are named when the version is pushed (the placeholder's <c>expect:</c> line:
/// the active pulling members then, minus the pusher). A retired member, or a name that is no member
/// any more, stops counting. A placeholder without the line (an original node's) expects every active
/// pulling member but its pusher.</item>
/// <item>Delivered: at least one puller, and every expected puller listed; a pull by a node outside the
/// set does not count. <c>puller count</c>, when set, replaces the names by a count (compatibility).</item>
/// <item>Owed: an active pulling member that is not the pusher and not listed lacks this version;
/// when its payload is gone, a node that holds the version uploads it again for them (catch-up).</item>
/// </list>
/// </summary>
public static class Delivery
{
    public static IReadOnlyList<string> ExpectedPullers(Placeholder placeholder, MemberList members)
    {
        var active = members.ActivePullers;
        var names = placeholder.Expect is { } named ? named.Where(active.Contains) : active;
        return names.Where(n => n != placeholder.Pusher).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public static bool IsDelivered(Placeholder placeholder, MemberList members, int? pullerCount)
    {
        var pullers = placeholder.Pullers.Where(p => p != placeholder.Pusher).ToHashSet(StringComparer.Ordinal);
        if (pullers.Count == 0)
        {
            return false; // never freed before anyone has it
        }

        if (pullerCount is { } n)
        {
            return pullers.Count >= n;
        }

        return ExpectedPullers(placeholder, members).All(pullers.Contains);
    }

    /// <summary>Active pulling members that lack this version (not its pusher, not listed).</summary>
    public static IReadOnlyList<string> Owed(Placeholder placeholder, MemberList members) =>
        members.ActivePullers.Where(n => n != placeholder.Pusher && !placeholder.HasPuller(n)).Order(StringComparer.Ordinal).ToList();

    /// <summary>"pulled by 2 of 3: bob, carol; waiting: dave" (or "waiting for a puller to join" when nobody is expected yet), for status displays.</summary>
    public static DeliveryState Describe(Placeholder placeholder, MemberList members, int? pullerCount)
    {
        var pulled = placeholder.Pullers.Where(p => p != placeholder.Pusher).ToList();
        if (pullerCount is { } n)
        {
            return new DeliveryState(pulled, [], Math.Max(n, pulled.Count));
        }

        var expected = ExpectedPullers(placeholder, members);
        var waiting = expected.Where(e => !pulled.Contains(e, StringComparer.Ordinal)).ToList();
        return new DeliveryState(pulled, waiting, pulled.Count + waiting.Count);
    }
}

/// <summary>How far one version's delivery went: who has it, who is still expected, of how many.</summary>
public sealed record DeliveryState(IReadOnlyList<string> Pulled, IReadOnlyList<string> Waiting, int Expected)
{
    public override string ToString() =>
        Expected == 0 && Pulled.Count == 0 ? Status.FileStatus.NoPullerYet
        : $"pulled by {Pulled.Count} of {Expected}" + (Pulled.Count > 0 ? ": " + string.Join(", ", Pulled) : "")
          + (Waiting.Count > 0 ? "; waiting: " + string.Join(", ", Waiting) : "");
}
