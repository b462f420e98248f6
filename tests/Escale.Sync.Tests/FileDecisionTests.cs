using Escale.Sync.Decisions;
using Escale.Sync.Protocol;
using Escale.Sync.State;
using Xunit;

namespace Escale.Sync.Tests;

/// <summary>The protocol's decisions as a table: facts in, one action out (the executors are tested by the scenarios).</summary>
public sealed class FileDecisionTests
{
    private const string Me = "me";

    private static readonly FileRecord Agreed = new("aa", 100, 10, 1000, FileOrigin.Pulled);
    private static readonly FileRecord AgreedPushed = Agreed with { Origin = FileOrigin.Pushed };

    private static Placeholder Version(string sum, string pusher = "bob", params string[] pullers) =>
        new(pusher, 100, sum, pullers) { Expect = [Me, "carol"] };

    private static Placeholder Tombstone(string sum = "aa", string pusher = "bob", params string[] pullers) =>
        Version(sum, pusher, pullers) with { Deleted = 200 };

    private static Placeholder Renamed(string sum = "aa", string pusher = "bob") => Version(sum, pusher) with { Source = "old.txt" };

    public static TheoryData<string, FileFacts, FileAction> Cases => new()
    {
        // name, facts, expected
        { "still being written", F() with { LocalExists = true, LocalChanged = true, LocalSettling = true, Placeholder = Version("bb") }, FileAction.Wait },
        { "new local file, empty relay", F() with { LocalExists = true, LocalChanged = true }, FileAction.Push },
        { "new local file, upload not allowed", F() with { LocalExists = true, LocalChanged = true, MayPush = false }, FileAction.Nothing },
        { "new local file, access r-", F() with { LocalExists = true, LocalChanged = true, AccessPush = false }, FileAction.Nothing },
        { "new local file, read-only encryption", F() with { LocalExists = true, LocalChanged = true, CanEncode = false }, FileAction.Explain },
        { "edited here, relay unchanged", F() with { LocalExists = true, LocalChanged = true, Record = Agreed, LocalChecksum = "cc", Placeholder = Version("aa"), PayloadPresent = false }, FileAction.Push },
        { "edited on both sides", F() with { LocalExists = true, LocalChanged = true, Record = Agreed, LocalChecksum = "cc", Placeholder = Version("bb"), PayloadPresent = true }, FileAction.Conflict },
        { "edited on both sides, relay's version already taken as a conflict copy (stopped before the push)", F() with { LocalExists = true, LocalChanged = true, Record = Agreed, LocalChecksum = "cc", Placeholder = Version("bb", "bob", Me), PayloadPresent = false }, FileAction.Push },
        { "same content both sides, never agreed", F() with { LocalExists = true, LocalChanged = true, LocalChecksum = "bb", Placeholder = Version("bb"), PayloadPresent = true }, FileAction.Agree },
        { "newer version on the relay", F() with { LocalExists = true, Record = Agreed, Placeholder = Version("bb"), PayloadPresent = true }, FileAction.Pull },
        { "newer version, pulling not allowed", F() with { LocalExists = true, Record = Agreed, Placeholder = Version("bb"), PayloadPresent = true, MayPull = false }, FileAction.Nothing },
        { "newer version, access w-", F() with { LocalExists = true, Record = Agreed, Placeholder = Version("bb"), PayloadPresent = true, AccessPull = false }, FileAction.Explain },
        { "newer version, conservative, file pushed here", F() with { LocalExists = true, Record = AgreedPushed, Placeholder = Version("bb"), PayloadPresent = true, Conservative = true }, FileAction.Explain },
        { "newer version, conservative, file pulled here", F() with { LocalExists = true, Record = Agreed, Placeholder = Version("bb"), PayloadPresent = true, Conservative = true }, FileAction.Pull },
        { "absent here, mount mode", F() with { Placeholder = Version("bb"), PayloadPresent = true, PullOnDemand = true }, FileAction.Offer },
        { "absent here, folder mode", F() with { Placeholder = Version("bb"), PayloadPresent = true }, FileAction.Pull },
        { "held, not listed yet", F() with { LocalExists = true, Record = Agreed, Placeholder = Version("aa"), PayloadPresent = true }, FileAction.Register },
        { "held and listed, delivered", F() with { LocalExists = true, Record = Agreed, Placeholder = Version("aa", "bob", Me, "carol"), PayloadPresent = true, Delivered = true }, FileAction.Free },
        { "held and listed, waiting for carol", F() with { LocalExists = true, Record = Agreed, Placeholder = Version("aa", "bob", Me), PayloadPresent = true }, FileAction.Nothing },
        { "payload gone, a member owed it", F() with { LocalExists = true, Record = Agreed, Placeholder = Version("aa"), RepushOwed = true }, FileAction.Repush },
        { "payload gone, owed, but upload not allowed", F() with { LocalExists = true, Record = Agreed, Placeholder = Version("aa"), RepushOwed = true, MayPush = false }, FileAction.Nothing },
        { "payload gone, nobody owed", F() with { LocalExists = true, Record = Agreed, Placeholder = Version("aa") }, FileAction.Nothing },
        { "deleted here, relay at our version", F() with { Record = Agreed, DeletedHere = true, Placeholder = Version("aa") }, FileAction.SendDeletion },
        { "deleted here, relay lost it", F() with { Record = Agreed, DeletedHere = true }, FileAction.SendDeletion },
        { "deleted here, newer version on the relay: the edit wins", F() with { Record = Agreed, DeletedHere = true, Placeholder = Version("bb"), PayloadPresent = true }, FileAction.Pull },
        { "gone here but not a deletion (folder refused)", F() with { Record = Agreed, Placeholder = Version("aa") }, FileAction.Nothing },
        { "tombstone for the agreed copy", F() with { LocalExists = true, Record = Agreed, Placeholder = Tombstone() }, FileAction.ApplyDeletion },
        { "tombstone, copy edited here", F() with { LocalExists = true, LocalChanged = true, Record = Agreed, LocalChecksum = "cc", Placeholder = Tombstone() }, FileAction.Push },
        { "tombstone, a same-named new file here", F() with { LocalExists = true, LocalChanged = true, LocalChecksum = "aa", Placeholder = Tombstone() }, FileAction.Push },
        { "tombstone, nothing here, not expected", F() with { Placeholder = Tombstone() }, FileAction.Nothing },
        { "tombstone, nothing here, expected", F() with { Placeholder = Tombstone(), ExpectingMe = true }, FileAction.ApplyDeletion },
        { "tombstone of mine, not delivered", F() with { Placeholder = Tombstone("aa", Me) }, FileAction.Nothing },
        { "renamed elsewhere, no payload", F() with { Placeholder = Renamed() }, FileAction.InstallRenamed },
        { "renamed elsewhere, payload uploaded", F() with { Placeholder = Renamed(), PayloadPresent = true, PullOnDemand = true }, FileAction.InstallRenamed },
        { "renamed here: new file whose content was deleted here", F() with { LocalExists = true, LocalChanged = true, IsRename = true, LocalChecksum = "aa" }, FileAction.PushRename },
        { "renamed onto a name another node uses", F() with { LocalExists = true, LocalChanged = true, IsRename = true, LocalChecksum = "aa", Placeholder = Version("bb"), PayloadPresent = true }, FileAction.Conflict },
        { "my renamed version, pullers late", F() with { LocalExists = true, Record = AgreedPushed, Placeholder = Renamed("aa", Me), RepushOwed = true }, FileAction.Repush },

        // Payload expiry (pushed at 1000, expiry 1 h: the deadline is 4600).
        { "mine, waiting for carol, before the deadline", Mine() with { Now = Deadline - 1 }, FileAction.Nothing },
        { "mine, waiting for carol, at the deadline", Mine(), FileAction.Expire },
        { "mine, waiting for carol, long after the deadline", Mine() with { Now = Deadline + 86_400 }, FileAction.Expire },
        { "mine, delivered at the deadline", Mine() with { Delivered = true }, FileAction.Free },
        { "mine, no expiry configured", Mine() with { PayloadExpiry = null }, FileAction.Nothing },
        { "mine, push time unknown", Mine() with { PushedAt = null }, FileAction.Nothing },
        { "mine, edited here at the deadline: the new version is pushed", Mine() with { LocalChanged = true, LocalChecksum = "cc" }, FileAction.Push },
        { "bob's, held and listed, past the deadline: only its pusher removes it", Mine() with { Record = Agreed, Placeholder = Version("aa", "bob", Me) }, FileAction.Nothing },
        { "bob's, not pulled here, past the deadline: pulled", Mine() with { Record = null, LocalExists = false, Placeholder = Version("aa", "bob") }, FileAction.Pull },
        { "mine, a tombstone's leftover payload", Mine() with { Placeholder = Tombstone("aa", Me) }, FileAction.ApplyDeletion },
        { "expired, lacked here", F() with { Placeholder = Expired("bb") }, FileAction.Owed },
        { "expired, older version here", F() with { LocalExists = true, Record = Agreed, Placeholder = Expired("bb") }, FileAction.Owed },
        { "expired, lacked here, upload-only node", F() with { Placeholder = Expired("bb"), MayPull = false }, FileAction.Nothing },
        { "expired, held here", F() with { LocalExists = true, Record = Agreed, Placeholder = Expired("aa", "bob", Me) }, FileAction.Nothing },
        { "expired, held, vanished since the last look: not uploaded again", F() with { LocalExists = true, Record = Agreed, Placeholder = Expired("aa", "bob", Me), RepushOwed = true }, FileAction.Nothing },
        { "expired, held, an owed member is back", F() with { LocalExists = true, Record = Agreed, Placeholder = Expired("aa", "bob", Me), OwedReturned = true }, FileAction.Repush },
        { "expired, mine, an owed member is back", F() with { LocalExists = true, Record = AgreedPushed, Placeholder = Expired("aa", Me), OwedReturned = true }, FileAction.Repush },
        { "expired, mine, nobody back", F() with { LocalExists = true, Record = AgreedPushed, Placeholder = Expired("aa", Me) }, FileAction.Nothing },
        { "expired, owed member back, upload not allowed here", F() with { LocalExists = true, Record = Agreed, Placeholder = Expired("aa", "bob", Me), OwedReturned = true, MayPush = false }, FileAction.Nothing },

        // Split versions (issue 15): the deadline counts from `pushed:`, written when the last part went up (PushedAt
        // is then that line alone); the owed are served by the split catch-up (Repush of the parts they lack).
        { "mine in parts, parts still going up (no pushed: line yet)", Mine() with { Placeholder = Split(Version("aa", Me, "bob")), PushedAt = null, Now = Deadline * 10 }, FileAction.Nothing },
        { "mine in parts, last part up, at the deadline", Mine() with { Placeholder = Split(Version("aa", Me, "bob")) }, FileAction.Expire },
        { "mine in parts, last part up, before the deadline", Mine() with { Placeholder = Split(Version("aa", Me, "bob")), Now = Deadline - 1 }, FileAction.Nothing },
        { "mine in parts, delivered", Mine() with { Placeholder = Split(Version("aa", Me, "bob")), Delivered = true }, FileAction.Free },
        { "mine in parts, expired, an owed member is back", F() with { LocalExists = true, Record = AgreedPushed, Placeholder = Split(Expired("aa", Me)), OwedReturned = true }, FileAction.Repush },
        { "mine in parts, expired, nobody back", F() with { LocalExists = true, Record = AgreedPushed, Placeholder = Split(Expired("aa", Me)) }, FileAction.Nothing },
        { "bob's in parts, held here, a member lacks it (late joiner)", F() with { LocalExists = true, Record = Agreed, Placeholder = Split(Version("aa", "bob", Me)), RepushOwed = true }, FileAction.Repush },
        { "bob's in parts, expired, lacked here", F() with { Placeholder = Split(Expired("bb")) }, FileAction.Owed },
        { "bob's in parts, expired, parts of the catch-up listed: pulled", F() with { Placeholder = Split(Version("bb")), PayloadPresent = true }, FileAction.Pull },
    };

    private static Placeholder Split(Placeholder ph) => ph with { Parts = 4, PartSums = ["p1", "p2", "p3", "p4"] };

    private static FileFacts F() => new() { Me = Me };

    private const long Deadline = 1000 + 3600;

    /// <summary>This node's version, pulled by bob, still waiting for carol, at its expiry deadline.</summary>
    private static FileFacts Mine() => F() with
    {
        LocalExists = true, Record = AgreedPushed, Placeholder = Version("aa", Me, "bob"), PayloadPresent = true,
        PayloadExpiry = TimeSpan.FromHours(1), PushedAt = 1000, Now = Deadline,
    };

    private static Placeholder Expired(string sum, string pusher = "bob", params string[] pullers) =>
        Version(sum, pusher, pullers) with { Pushed = 1000, Expired = Deadline };

    [Theory]
    [InlineData(null, 3600, 10_000, false)]
    [InlineData(1000L, null, 10_000, false)]
    [InlineData(1000L, 3600, 4599, false)]
    [InlineData(1000L, 3600, 4600, true)]
    [InlineData(1000L, 90, 1090, true)]
    public void Expires_at_the_deadline_not_a_second_before(long? pushed, int? expirySeconds, long now, bool expired) =>
        Assert.Equal(expired, FileDecision.IsExpired(pushed, expirySeconds is { } e ? TimeSpan.FromSeconds(e) : null, now));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides(string name, FileFacts facts, FileAction expected) =>
        Assert.True(FileDecision.Decide(facts).Action == expected, $"{name}: {FileDecision.Decide(facts).Action}, expected {expected}");

    public static TheoryData<string, FileFacts, TombstoneSteps> TombstoneCases => new()
    {
        { "agreed copy: trash, acknowledge, free if last", F() with { LocalExists = true, Record = Agreed, Placeholder = Tombstone() }, TombstoneSteps.Trash | TombstoneSteps.Acknowledge | TombstoneSteps.Free },
        { "deletions not applied here", F() with { LocalExists = true, Record = Agreed, Placeholder = Tombstone(), PropagateDeletions = false }, TombstoneSteps.Acknowledge | TombstoneSteps.Free },
        { "access w-: kept", F() with { LocalExists = true, Record = Agreed, Placeholder = Tombstone(), AccessPull = false }, TombstoneSteps.Acknowledge | TombstoneSteps.Free },
        { "conservative, pushed here: kept", F() with { LocalExists = true, Record = AgreedPushed, Placeholder = Tombstone(), Conservative = true }, TombstoneSteps.Acknowledge | TombstoneSteps.Free },
        { "already gone here: forget the record", F() with { Record = Agreed, Placeholder = Tombstone() }, TombstoneSteps.Forget | TombstoneSteps.Acknowledge | TombstoneSteps.Free },
        { "applied already, delivered: free", F() with { Placeholder = Tombstone("aa", "bob", Me, "carol"), Delivered = true }, TombstoneSteps.Free },
        { "payload left beside it", F() with { Placeholder = Tombstone("aa", "bob", Me), PayloadPresent = true }, TombstoneSteps.RemoveLeftoverPayload },
        { "my own, delivered", F() with { Placeholder = Tombstone("aa", Me, "bob"), Delivered = true }, TombstoneSteps.Free },
    };

    [Theory]
    [MemberData(nameof(TombstoneCases))]
    public void Applies_a_tombstone(string name, FileFacts facts, TombstoneSteps expected)
    {
        var d = FileDecision.Decide(facts);
        Assert.True(d.Action == FileAction.ApplyDeletion && d.Tombstone == expected, $"{name}: {d.Action} {d.Tombstone}, expected {expected}");
    }
}
