using System.Globalization;
using System.Text;
using Escale.Sync.Protocol;

namespace Escale.Sync.Members;

/// <summary>
/// One node's membership of a repository, kept on the relay as <c>.escale-member-ID.lock</c> in its root:
/// <c>escale-member%1</c>, then <c>id:</c>, <c>name:</c>, <c>joined:</c>, <c>seen:</c>, <c>pulls:</c> and,
/// once retired by <c>escalectl forget</c>, <c>retired:</c> (Unix seconds). Lock-shaped with a first line
/// that is no node name, so an original Escale node ignores it (native-notes/escale06-interop.md).
/// Written by its node (and by forget); read by every node; never trusted beyond its bounds.
/// </summary>
public sealed record MemberRecord(string Id, string Name, long Joined, long Seen, bool Pulls, long? Retired = null)
{
    public const string Header = "escale-member%1";
    public const string Prefix = ".escale-member-";
    public const string Suffix = ".lock";
    public const int MaxBytes = 4096;

    public string FileName => FileNameOf(Id);

    public bool IsRetired => Retired is not null;

    public static string FileNameOf(string id) => Prefix + id + Suffix;

    /// <summary>Whether a listed relay-root name is a member record (and its id).</summary>
    public static bool IsRecordName(string name, out string id)
    {
        id = "";
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal)
            || name.Length <= Prefix.Length + Suffix.Length)
        {
            return false;
        }

        id = name[Prefix.Length..^Suffix.Length];
        return IsId(id);
    }

    /// <summary>16 to 64 lowercase hex digits: what we generate, and all we accept.</summary>
    public static bool IsId(string id) => id.Length is >= 16 and <= 64 && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static string NewId() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    public byte[] ToBytes()
    {
        var sb = new StringBuilder(Header)
            .Append("\nid: ").Append(Id)
            .Append("\nname: ").Append(Name)
            .Append("\njoined: ").Append(Joined.ToString(CultureInfo.InvariantCulture))
            .Append("\nseen: ").Append(Seen.ToString(CultureInfo.InvariantCulture))
            .Append("\npulls: ").Append(Pulls ? "yes" : "no");
        if (Retired is { } r)
        {
            sb.Append("\nretired: ").Append(r.ToString(CultureInfo.InvariantCulture));
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Null for anything that is not a sound record of the id its file name carries.</summary>
    public static MemberRecord? Parse(ReadOnlySpan<byte> bytes, string expectedId)
    {
        if (bytes.Length > MaxBytes)
        {
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var lines = text.Split('\n');
        if (lines[0].TrimEnd('\r') != Header)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        long? Number(string key) => fields.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        if (!fields.TryGetValue("id", out var id) || id != expectedId || !fields.TryGetValue("name", out var name)
            || NodeNames.Problem(name) is not null || Number("joined") is not { } joined || Number("seen") is not { } seen)
        {
            return null;
        }

        return new MemberRecord(id, name, joined, seen, fields.GetValueOrDefault("pulls") != "no", Number("retired"));
    }
}
