using System.Globalization;
using System.Text.RegularExpressions;

namespace Escale.Core.Config;

/// <summary>
/// Bandwidth values as rclone writes them (<c>--bwlimit</c>): a number with an optional suffix
/// B, K, M, G, T or P, binary multiples (1M = 1 MiB/s), KiB/s when no suffix; <c>off</c> or 0 = no limit;
/// <c>UP:DOWN</c> gives the two directions separately.
/// </summary>
public static partial class ByteRate
{
    /// <summary>What a rate may be, for messages (config errors, escalectl, the control socket).</summary>
    public const string Allowed = "a rate like 512K, 2M, 1.5G (bytes per second, binary units, KiB when no unit), UP:DOWN, or off";

    /// <summary>Bytes per second, or null for no limit.</summary>
    public static long? Parse(string v)
    {
        var t = v.Trim();
        if (t.Equals("off", StringComparison.OrdinalIgnoreCase) || t.Equals("no", StringComparison.OrdinalIgnoreCase)
            || t.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var m = Rate().Match(t);
        if (!m.Success)
        {
            throw new FormatException();
        }

        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var shift = m.Groups[2].Value.ToUpperInvariant() switch
        {
            "B" => 0,
            "" or "K" => 10,
            "M" => 20,
            "G" => 30,
            "T" => 40,
            _ => 50,
        };
        var bytes = n * Math.Pow(2, shift);
        if (bytes > long.MaxValue / 2)
        {
            throw new FormatException();
        }

        return bytes < 1 ? null : (long)bytes;
    }

    /// <summary><c>RATE</c> for both directions, or <c>UP:DOWN</c>.</summary>
    public static (long? Up, long? Down) ParsePair(string v)
    {
        var colon = v.IndexOf(':');
        if (colon < 0)
        {
            var both = Parse(v);
            return (both, both);
        }

        return (Parse(v[..colon]), Parse(v[(colon + 1)..]));
    }

    /// <summary>"5 MiB/s", or "off".</summary>
    public static string Format(long? bytesPerSecond)
    {
        if (bytesPerSecond is not { } b)
        {
            return "off";
        }

        string[] units = ["B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s", "PiB/s"];
        var value = (double)b;
        var i = 0;
        while (value >= 1024 && i < units.Length - 1)
        {
            value /= 1024;
            i++;
        }

        return value.ToString(value >= 100 || value % 1 == 0 ? "0" : "0.##", CultureInfo.InvariantCulture) + " " + units[i];
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([bBkKmMgGtTpP]?)$")]
    private static partial Regex Rate();
}
