using System.Globalization;

namespace Escale.Relay.Ftp.Listing;

/// <summary>
/// MLSD lines and the MLST fact line (RFC 3659 §7): "fact=value;fact=value; name". The name is
/// everything after the first space, so spaces and semicolons in names survive.
/// </summary>
internal static class MlsxParser
{
    /// <summary>The entry, or null for "." and "..", links and lines that are not facts.</summary>
    public static RelayEntry? Parse(string line, string? nameOverride = null)
    {
        var space = line.IndexOf(' ');
        if (space <= 0)
        {
            return null;
        }

        var name = nameOverride ?? line[(space + 1)..];
        string? type = null;
        long size = 0;
        DateTimeOffset? modified = null;
        foreach (var fact in line.AsSpan(0, space).ToString().Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = fact.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var key = fact[..eq].ToLowerInvariant();
            var value = fact[(eq + 1)..];
            switch (key)
            {
                case "type":
                    type = value.ToLowerInvariant();
                    break;
                case "size":
                    long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out size);
                    break;
                case "modify":
                    modified = ParseTime(value);
                    break;
            }
        }

        return type switch
        {
            "file" => new RelayEntry(name, RelayEntryKind.File, size, modified),
            "dir" => new RelayEntry(name, RelayEntryKind.Directory, 0, modified),
            _ => null, // cdir, pdir, OS.unix=slink:...: never followed on a relay
        };
    }

    /// <summary>YYYYMMDDHHMMSS[.sss] in UTC (RFC 3659 §2.3), as MDTM and MLSx "modify" give it.</summary>
    public static DateTimeOffset? ParseTime(string value)
    {
        value = value.Trim();
        var formats = new[] { "yyyyMMddHHmmss", "yyyyMMddHHmmss.f", "yyyyMMddHHmmss.ff", "yyyyMMddHHmmss.fff", "yyyyMMddHHmmss.ffffff" };
        return DateTimeOffset.TryParseExact(value, formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;
    }

    /// <summary>The MLST reply's fact line: the one line that starts with a space (RFC 3659 §7.2).</summary>
    public static string? FactLine(string replyText) =>
        replyText.Split('\n').FirstOrDefault(l => l.Length > 1 && l[0] == ' ')?[1..];
}
