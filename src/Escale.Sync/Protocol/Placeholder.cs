using System.Globalization;
using System.Text;

namespace Escale.Sync.Protocol;

/// <summary>
/// The relay's <c>.NAME.placeholder</c> file: the record of a pushed file, byte-compatible with
/// Escale 0.6 (<c>placeholder%1.0\npusher: A\ntimestamp: T\nchecksum: HEX\n---pullers---</c>, then
/// one <c>\nNODE</c> per puller, no trailing newline). Readers also accept the 0.5 form (first line a
/// <c>%y%m%d_%H%M%S</c> UTC time, then pullers one per line), the 0.7 form (no pullers marker),
/// unknown <c>key: value</c> lines and an optional <c>parts:</c> count.
/// </summary>
public sealed record Placeholder(string? Pusher, long? Timestamp, string? Checksum, IReadOnlyList<string> Pullers, int? Parts = null)
{
    public const string Header = "placeholder%1.0";
    public const string PullersMarker = "---pullers---";

    /// <summary>Whether the file had the pullers marker (appending a name is then byte-compatible).</summary>
    public bool HasPullersMarker { get; init; } = true;

    /// <summary>Most puller names a placeholder is read with; the rest are ignored (a hostile relay cannot make us spend on them).</summary>
    public const int MaxNames = 10_000;

    /// <summary>
    /// The named pullers this version was pushed for (the members known then, minus the pusher), from our
    /// <c>expect:</c> line; null for a placeholder without one (an original node's, or ours before members).
    /// </summary>
    public IReadOnlyList<string>? Expect { get; init; }

    /// <summary>
    /// A tombstone: the file was deleted at this unix time (our <c>deleted:</c> line). No payload goes with it;
    /// <see cref="Checksum"/> names the version it deletes, so an original node holding that version sees
    /// nothing new and keeps its copy.
    /// </summary>
    public long? Deleted { get; init; }

    /// <summary>
    /// A rename: the path (relative to the relay root) whose content this version has (our <c>source:</c>
    /// line, percent-encoded: a value never holds a colon). A puller that holds that content installs it
    /// from its own disk; the payload is uploaded only for those who lack it.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>
    /// When the payload was uploaded, in unix seconds of the uploader's clock (our <c>pushed:</c> line, written
    /// when <c>payload expiry</c> is set): <see cref="Timestamp"/> is the file's mtime, not its push time.
    /// </summary>
    public long? Pushed { get; init; }

    /// <summary>
    /// The payload was removed by its pusher at this unix time because not every expected puller had it by
    /// then (our <c>expired:</c> line): the pullers still missing are owed it, and nobody uploads it again
    /// until one of them is seen after this time.
    /// </summary>
    public long? Expired { get; init; }

    public bool IsTombstone => Deleted is not null;

    /// <summary>
    /// A split version's digest of each part's plaintext, in order (our <c>part-sums:</c> line, comma-separated hex,
    /// keyed like <see cref="Checksum"/>): what plain and Fernet parts are verified against on their own.
    /// </summary>
    public IReadOnlyList<string>? PartSums { get; init; }

    /// <summary>
    /// Who took each part of a split version so far (our <c>part-N: A,B</c> lines, N from 1): a part leaves the
    /// relay once its pullers are every expected puller, as a whole payload does with the pullers list.
    /// </summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>>? PartPullers { get; init; }

    /// <summary>The pullers of part <paramref name="index"/> (from 1).</summary>
    public IReadOnlyList<string> PullersOfPart(int index) =>
        PartPullers?.GetValueOrDefault(index) ?? [];

    /// <summary>This placeholder with <paramref name="node"/> added to the pullers of part <paramref name="index"/>.</summary>
    public Placeholder WithPartPuller(int index, string node)
    {
        var current = PullersOfPart(index);
        if (current.Contains(node, StringComparer.Ordinal))
        {
            return this;
        }

        var all = new SortedDictionary<int, IReadOnlyList<string>>(PartPullers?.ToDictionary() ?? []) { [index] = [.. current, node] };
        return this with { PartPullers = all };
    }

    public byte[] ToBytes()
    {
        var sb = new StringBuilder(Header);
        if (Pusher is not null)
        {
            sb.Append("\npusher: ").Append(Pusher);
        }

        if (Timestamp is not null)
        {
            sb.Append("\ntimestamp: ").Append(Timestamp.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (Checksum is not null)
        {
            sb.Append("\nchecksum: ").Append(Checksum);
        }

        if (Parts is not null)
        {
            sb.Append("\nparts: ").Append(Parts.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (PartSums is not null)
        {
            sb.Append("\npart-sums: ").Append(string.Join(',', PartSums));
        }

        if (PartPullers is not null)
        {
            // One line per part: names hold neither ',' nor ':' (an original node splits a line at its colons).
            foreach (var (index, names) in PartPullers.OrderBy(p => p.Key))
            {
                sb.Append("\npart-").Append(index.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(string.Join(',', names));
            }
        }

        if (Expect is not null)
        {
            // Names never contain ',' or ':' (NodeNames): an original node rejects a value with a colon.
            sb.Append("\nexpect: ").Append(string.Join(',', Expect));
        }

        if (Deleted is not null)
        {
            sb.Append("\ndeleted: ").Append(Deleted.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (Source is not null)
        {
            sb.Append("\nsource: ").Append(Uri.EscapeDataString(Source));
        }

        if (Pushed is not null)
        {
            sb.Append("\npushed: ").Append(Pushed.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (Expired is not null)
        {
            sb.Append("\nexpired: ").Append(Expired.Value.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append('\n').Append(PullersMarker);
        foreach (var p in Pullers)
        {
            sb.Append('\n').Append(p);
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public bool HasPuller(string node) => Pullers.Contains(node, StringComparer.Ordinal);

    public Placeholder WithPuller(string node) =>
        HasPuller(node) ? this : this with { Pullers = [.. Pullers, node] };

    /// <summary>Parses a placeholder; throws FormatException with a one-line reason on garbage.</summary>
    public static Placeholder Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 1 << 20)
        {
            throw new FormatException("placeholder larger than 1 MiB");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("placeholder is not UTF-8");
        }

        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines[0].StartsWith("placeholder%", StringComparison.Ordinal))
        {
            return ParseVersioned(lines);
        }

        if (TryParse05Time(lines[0].Trim(), out var time))
        {
            var pullers = lines.Skip(1).Select(l => l.Trim()).Where(l => NodeNames.Problem(l) is null).Distinct(StringComparer.Ordinal).Take(MaxNames).ToList();
            return new Placeholder(null, time, null, pullers) { HasPullersMarker = false };
        }

        throw new FormatException("not a placeholder (unknown first line)");
    }

    private static Placeholder ParseVersioned(string[] lines)
    {
        string? pusher = null, checksum = null;
        long? timestamp = null;
        int? parts = null;
        List<string>? expect = null;
        long? deleted = null;
        string? source = null;
        long? pushed = null, expired = null;
        List<string>? partSums = null;
        SortedDictionary<int, IReadOnlyList<string>>? partPullers = null;
        var pullers = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var inPullers = false;
        var marker = false;
        foreach (var raw in lines.Skip(1))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (inPullers)
            {
                if (pullers.Count < MaxNames && NodeNames.Problem(line) is null && seen.Add(line))
                {
                    pullers.Add(line);
                }

                continue;
            }

            if (line == PullersMarker)
            {
                inPullers = marker = true;
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                // 0.7 without the marker: a bare line after the header fields is a puller
                if (pullers.Count < MaxNames && NodeNames.Problem(line) is null && seen.Add(line))
                {
                    pullers.Add(line);
                }

                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "pusher":
                    pusher = value.Length > 0 ? value : null;
                    break;
                case "timestamp":
                    timestamp = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t)
                        ? t
                        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                            ? (long)d
                            : throw new FormatException($"placeholder timestamp '{Short(value)}' is not a number");
                    break;
                case "checksum":
                    checksum = value.Length == 0 ? null
                        : value.All(Uri.IsHexDigit) ? value.ToLowerInvariant()
                        : throw new FormatException("placeholder checksum is not hexadecimal");
                    break;
                case "expect":
                    expect = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Where(n => NodeNames.Problem(n) is null).Distinct(StringComparer.Ordinal).Take(MaxNames).ToList();
                    break;
                case "deleted":
                    deleted = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var when)
                        ? when
                        : throw new FormatException($"placeholder deleted '{Short(value)}' is not a time");
                    break;
                case "source":
                    // A source that is not a sound relative path is ignored: the version is then pulled as usual.
                    source = Uri.UnescapeDataString(value) is var decoded && Core.Paths.RelayPath.TryParse(decoded, false, out var sp, out _) && !sp.IsRoot
                        ? sp.Value
                        : null;
                    break;
                case "pushed":
                    pushed = UnixTime(value);
                    break;
                case "expired":
                    expired = UnixTime(value);
                    break;
                case "parts":
                    parts = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p >= 0
                        ? p
                        : throw new FormatException($"placeholder parts '{Short(value)}' is not a count");
                    break;
                case "part-sums":
                    partSums = value.Split(',', StringSplitOptions.TrimEntries)
                        .Select(h => h.Length > 0 && h.All(Uri.IsHexDigit) ? h.ToLowerInvariant() : throw new FormatException("placeholder part-sums is not a list of hexadecimal digests"))
                        .Take(global::Escale.Sync.Parts.PartPlan.MaxParts).ToList();
                    break;
                case var k when k.StartsWith("part-", StringComparison.Ordinal)
                    && int.TryParse(k.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index is >= 1 and <= global::Escale.Sync.Parts.PartPlan.MaxParts:
                    partPullers ??= [];
                    partPullers[index] = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Where(n => NodeNames.Problem(n) is null).Distinct(StringComparer.Ordinal).Take(MaxNames).ToList();
                    break;
                default:
                    break; // unknown keys are ignored, as the original does
            }
        }

        return new Placeholder(pusher, timestamp, checksum, pullers, parts)
        {
            HasPullersMarker = marker, Expect = expect, Deleted = deleted, Source = source, Pushed = pushed, Expired = expired, PartSums = partSums, PartPullers = partPullers,
        };
    }

    /// <summary>A <c>pushed:</c> or <c>expired:</c> time; garbage reads as absent (the version then simply does not expire, or may be uploaded again), never as an unreadable placeholder.</summary>
    private static long? UnixTime(string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) && t >= 0 ? t : null;

    private static bool TryParse05Time(string s, out long unixSeconds)
    {
        unixSeconds = 0;
        if (!DateTime.TryParseExact(s, "yyMMdd_HHmmss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt))
        {
            return false;
        }

        unixSeconds = new DateTimeOffset(dt, TimeSpan.Zero).ToUnixTimeSeconds();
        return true;
    }

    private static string Short(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
