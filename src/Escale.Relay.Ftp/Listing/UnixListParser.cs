using System.Globalization;
using System.Text.RegularExpressions;

namespace Escale.Relay.Ftp.Listing;

/// <summary>
/// LIST lines in the "ls -l" format every Unix server writes:
/// <c>-rw-r--r--    1 1000     1000         11 May 05 12:34 a name with spaces.txt</c>.
/// The name is everything after the single space that follows the time or year column, so names with
/// (even several) spaces survive; a name starting with spaces cannot be told apart and loses them.
/// Times are coarse: to the minute for this year, to the day for older files or ones in the future.
/// </summary>
internal static partial class UnixListParser
{
    public static RelayEntry? Parse(string line, DateTimeOffset now)
    {
        var m = LsLine().Match(line);
        if (!m.Success)
        {
            return null; // "total 12" and anything we cannot read
        }

        var kind = m.Groups["type"].Value[0];
        if (kind != '-' && kind != 'd')
        {
            return null; // links, devices: never followed on a relay
        }

        var name = m.Groups["name"].Value;
        if (name is "." or "..")
        {
            return null;
        }

        long.TryParse(m.Groups["size"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var size);
        var modified = ParseTime(m.Groups["month"].Value, m.Groups["day"].Value, m.Groups["timeOrYear"].Value, now);
        return kind == 'd'
            ? new RelayEntry(name, RelayEntryKind.Directory, 0, modified)
            : new RelayEntry(name, RelayEntryKind.File, size, modified);
    }

    /// <summary>Servers print UTC (vsftpd's default use_localtime=NO); "Mmm dd HH:MM" means the last 12 months.</summary>
    internal static DateTimeOffset? ParseTime(string month, string day, string timeOrYear, DateTimeOffset now)
    {
        var mon = Array.FindIndex(CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames,
            n => n.Length > 0 && string.Equals(n, month, StringComparison.OrdinalIgnoreCase)) + 1;
        if (mon == 0 || !int.TryParse(day, out var d) || d < 1 || d > 31)
        {
            return null;
        }

        try
        {
            if (timeOrYear.Contains(':', StringComparison.Ordinal))
            {
                var parts = timeOrYear.Split(':');
                var t = new DateTimeOffset(now.Year, mon, d, int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), 0, TimeSpan.Zero);
                return t > now.AddDays(2) ? t.AddYears(-1) : t;
            }

            return new DateTimeOffset(int.Parse(timeOrYear, CultureInfo.InvariantCulture), mon, d, 0, 0, 0, TimeSpan.Zero);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // Feb 29 in a year without it, and the like
        }
    }

    // type+perms, links, owner, group (optional: some servers omit it), size, month, day, time|year, one space, name
    [GeneratedRegex(@"^(?<type>[-dlbcps])[rwxsStTlL-]{9}[.+@]?\s+\d+\s+\S+\s+(?:\S+\s+)?(?<size>\d+)\s+(?<month>[A-Za-z]{3})\s+(?<day>\d{1,2})\s+(?<timeOrYear>\d{1,2}:\d{2}|\d{4}) (?<name>.+)$")]
    private static partial Regex LsLine();
}
