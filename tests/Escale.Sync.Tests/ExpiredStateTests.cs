using Escale.Sync.Members;
using Escale.Sync.Protocol;
using Escale.Sync.State;
using Escale.Sync.Status;
using Xunit;

namespace Escale.Sync.Tests;

/// <summary>The status of expired versions (<see cref="SettledState.Expired"/>), one rule for the agent and the offline status, as a table.</summary>
public sealed class ExpiredStateTests
{
    private static readonly MemberList Members = new([
        new MemberRecord("0000000000000001", "me", 1, 1, true),
        new MemberRecord("0000000000000002", "bob", 1, 1, true),
        new MemberRecord("0000000000000003", "carol", 1, 1, true),
    ]);

    private static readonly FileRecord Held = new("aa", 100, 10, 1000, FileOrigin.Pushed);

    private static Placeholder Expired(string pusher, params string[] pullers) =>
        new(pusher, 100, "aa", pullers) { Expect = ["bob", "carol", "me"], Pushed = 1000, Expired = 4600 };

    public static TheoryData<string, Placeholder, bool, FileRecord?, bool, string?> Cases => new()
    {
        // name, placeholder, payload present, local record, may pull, expected description (null: not an expired state)
        { "mine, carol late", Expired("me", "bob"), false, Held, true, "expired on relay, owed: carol" },
        { "mine, nobody pulled", Expired("me"), false, Held, true, "expired on relay, owed: bob, carol" },
        { "mine, uploaded again since", Expired("me", "bob"), true, Held, true, null },
        { "mine, edited here since", Expired("me", "bob"), false, Held with { Checksum = "cc" }, true, null },
        { "bob's, lacked here", Expired("bob", "carol"), false, null, true, "expired on relay, owed to this node" },
        { "bob's, older version here", Expired("bob", "carol"), false, Held with { Checksum = "00" }, true, "expired on relay, owed to this node" },
        { "bob's, held here", Expired("bob", "me"), false, Held with { Origin = FileOrigin.Pulled }, true, null },
        { "bob's, upload-only node", Expired("bob"), false, null, false, null },
        { "not expired", Expired("me", "bob") with { Expired = null }, false, Held, true, null },
        { "a tombstone", Expired("me", "bob") with { Deleted = 5000 }, false, Held, true, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Describes(string name, Placeholder ph, bool payloadPresent, FileRecord? record, bool mayPull, string? expected)
    {
        var state = SettledState.Expired("f.txt", ph, payloadPresent, "me", record, mayPull, Members);
        Assert.True(expected == state?.Describe(), $"{name}: {state?.Describe() ?? "null"}, expected {expected ?? "null"}");
    }
}
