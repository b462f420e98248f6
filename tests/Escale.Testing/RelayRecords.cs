namespace Escale.Testing;

/// <summary>Our lock-shaped repository records (member records, the marker): on a relay by design, never leftovers.</summary>
public static class RelayRecords
{
    public static bool IsRecord(string? fileName) =>
        fileName is not null && (fileName == ".escale-repository.lock" || Sync.Members.MemberRecord.IsRecordName(fileName, out _));
}
