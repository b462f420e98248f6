using Escale.Relay;

namespace Escale.Sync.Protocol;

public enum RelayNameKind
{
    Payload,
    Lock,
    Placeholder,
    Message,
    TempUpload,
    OtherDotFile,

    /// <summary>Our lock-shaped records that are about no user file (the repository marker): never a lock, never an offer.</summary>
    Reserved,

    /// <summary>A part of a split version (<c>.NAME.escale-part-0007-of-0012</c>, <see cref="Parts.PartNames"/>).</summary>
    Part,

    /// <summary>A member record <c>.escale-member-ID.lock</c> (read from the relay root only).</summary>
    Member,
}

/// <summary>How the compatible layout names things: <c>D/.NAME.lock</c>, <c>D/.NAME.placeholder</c>, <c>D/.NAME.message</c>.</summary>
public static class RelayNames
{
    public static string LockName(string name) => "." + name + ".lock";

    public static string PlaceholderName(string name) => "." + name + ".placeholder";

    /// <summary>Classifies a listed name; <paramref name="subject"/> is the user file it is about.</summary>
    public static RelayNameKind Classify(string name, out string subject)
    {
        subject = name;
        if (!name.StartsWith('.'))
        {
            return RelayNameKind.Payload;
        }

        if (RelayTempNames.IsTemp(name))
        {
            return RelayNameKind.TempUpload;
        }

        if (ReservedNames.Contains(name))
        {
            return RelayNameKind.Reserved;
        }

        if (Members.MemberRecord.IsRecordName(name, out var id))
        {
            subject = id;
            return RelayNameKind.Member;
        }

        if (Parts.PartNames.TryParse(name, out var whole, out _, out _))
        {
            subject = whole;
            return RelayNameKind.Part;
        }

        foreach (var (suffix, kind) in Suffixes)
        {
            if (name.Length > suffix.Length + 1 && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                subject = name[1..^suffix.Length];
                return kind;
            }
        }

        return RelayNameKind.OtherDotFile;
    }

    /// <summary>
    /// Lock-shaped names of ours that lock no user file. Classified first, or the marker would read as
    /// the lock of a file "escale-repository": its first line would become a peer's name and the lock
    /// would be "repaired" away after the lock timeout.
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal) { ".escale-repository.lock" };

    private static readonly (string Suffix, RelayNameKind Kind)[] Suffixes =
    [
        (".lock", RelayNameKind.Lock),
        (".placeholder", RelayNameKind.Placeholder),
        (".message", RelayNameKind.Message),
    ];
}
