using Escale.Sync.Members;
using Escale.Sync.Protocol;

namespace Escale.Sync.Tests;

/// <summary>The delivery rule as a table: placeholder × members × puller count → delivered?, owed, shown.</summary>
public sealed class DeliveryRuleTests
{
    // Members: "name" active puller, "name-" retired, "name/up" upload only (never pulls).
    [Theory]
    [InlineData("A", "B", "", "A B", null, false, "B", "pulled by 0 of 1; waiting: B")]
    [InlineData("A", "B", "B", "A B", null, true, "", "pulled by 1 of 1: B")]
    [InlineData("A", "B", "C", "A B C", null, false, "B", "pulled by 1 of 2: C; waiting: B")] // outsider's pull does not count
    [InlineData("A", "B", "C", "A B- C", null, true, "", "pulled by 1 of 1: C")] // B retired: stops blocking
    [InlineData("A", "B,C", "B", "A B C", null, false, "C", "pulled by 1 of 2: B; waiting: C")]
    [InlineData("A", "B,C", "B,C", "A B C D", null, true, "D", "pulled by 2 of 2: B, C")] // D joined later: owed, not blocking
    [InlineData("A", "B,Z", "B", "A B", null, true, "", "pulled by 1 of 1: B")] // Z is no member (record gone)
    [InlineData("A", null, "", "A B C", null, false, "B C", "pulled by 0 of 2; waiting: B, C")] // original node's placeholder
    [InlineData("A", null, "B", "A B C/up", null, true, "", "pulled by 1 of 1: B")] // upload-only nodes never pull
    [InlineData("A", "", "", "A", null, false, "", "waiting for a puller to join")] // lone pusher: never freed unpulled
    [InlineData("A", "", "B", "A B", null, true, "", "pulled by 1 of 1: B")]
    [InlineData("A", "B,C", "C", "A B C", 1, true, "B", "pulled by 1 of 1: C")] // puller count replaces names
    [InlineData("A", "B,C", "A", "A B C", 1, false, "B C", "pulled by 0 of 1")] // the pusher never counts
    public void Delivery_follows_the_named_set(string pusher, string? expect, string pullers, string members, int? count, bool delivered, string owed, string shown)
    {
        var ph = new Placeholder(pusher, 1, "ab", Split(pullers, ',')) { Expect = expect is null ? null : Split(expect, ',') };
        var list = new MemberList(Split(members, ' ').Select((m, i) => new MemberRecord(
            $"{i:x16}", m.TrimEnd('-').Replace("/up", ""), 1, 1, !m.EndsWith("/up", StringComparison.Ordinal), m.EndsWith('-') ? 2 : null)).ToList());
        Assert.Equal(delivered, Delivery.IsDelivered(ph, list, count));
        Assert.Equal(Split(owed, ' '), Delivery.Owed(ph, list));
        Assert.Equal(shown, Delivery.Describe(ph, list, count).ToString());
    }

    [Theory]
    [InlineData("escale-member%1\nid: 0123456789abcdef\nname: A\njoined: 5\nseen: 6\npulls: yes", true)]
    [InlineData("escale-member%1\nid: 0123456789abcdef\nname: A\njoined: 5\nseen: 6\npulls: no\nretired: 7", true)]
    [InlineData("escale-member%1\nid: fedcba9876543210\nname: A\njoined: 5\nseen: 6", false)] // id differs from its file name
    [InlineData("escale-member%1\nid: 0123456789abcdef\nname: A:B\njoined: 5\nseen: 6", false)]
    [InlineData("lock%1.0\nowner: A\nmode: w", false)]
    [InlineData("escale-member%1\nid: 0123456789abcdef\nname: A\nseen: 6", false)]
    public void Member_records_are_read_within_their_bounds(string text, bool sound) =>
        Assert.Equal(sound, MemberRecord.Parse(System.Text.Encoding.UTF8.GetBytes(text), "0123456789abcdef") is not null);

    private static List<string> Split(string s, char sep) => s.Split(sep, StringSplitOptions.RemoveEmptyEntries).ToList();
}
