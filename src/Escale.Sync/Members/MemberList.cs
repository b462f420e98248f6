namespace Escale.Sync.Members;

/// <summary>The members one pass saw on the relay (sound records only), immutable.</summary>
public sealed class MemberList(IReadOnlyList<MemberRecord> records)
{
    public static MemberList Empty { get; } = new([]);

    public IReadOnlyList<MemberRecord> All { get; } = records;

    /// <summary>Members not retired.</summary>
    public IEnumerable<MemberRecord> Active => All.Where(m => !m.IsRetired);

    /// <summary>Names of active members that pull (shared, conservative or download mode).</summary>
    public IReadOnlySet<string> ActivePullers { get; } =
        records.Where(m => !m.IsRetired && m.Pulls).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

    public MemberRecord? ByName(string name) => All.FirstOrDefault(m => m.Name == name && !m.IsRetired) ?? All.FirstOrDefault(m => m.Name == name);
}
