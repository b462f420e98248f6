using System.Globalization;

namespace Escale.Cli.Terminal;

/// <summary>
/// Sizes, rates and durations as every printer of the three commands shows them: binary (IEC) units
/// only, so that a status never mixes GB and GiB, and one decimal above bytes.
/// </summary>
public static class Iec
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    /// <summary><c>0 B</c>, <c>1023 B</c>, <c>1.0 KiB</c>, <c>3.0 GiB</c>.</summary>
    public static string Bytes(double bytes)
    {
        var value = Math.Max(0, bytes);
        var i = 0;
        while (value >= 1024 && i < Units.Length - 1)
        {
            value /= 1024;
            i++;
        }

        return i == 0
            ? ((long)value).ToString(CultureInfo.InvariantCulture) + " B"
            : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + Units[i];
    }

    /// <summary><c>12.3 MiB/s</c>.</summary>
    public static string Rate(double bytesPerSecond) => Bytes(bytesPerSecond) + "/s";

    /// <summary>A remaining time: <c>0:42</c>, <c>12:05</c>, <c>3:02:01</c>; beyond 99 hours just <c>&gt;99 h</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = (long)Math.Ceiling(Math.Max(0, span.TotalSeconds));
        if (seconds >= 100 * 3600)
        {
            return ">99 h";
        }

        var (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return h > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{h}:{m:00}:{s:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{m}:{s:00}");
    }

    /// <summary>
    /// One transfer's progress in words: <c>45% of 2.0 GiB, 12.3 MiB/s, ETA 0:42</c>; without a known
    /// total <c>1.2 MiB</c>; the rate and ETA only once they are known.
    /// </summary>
    public static string Progress(long done, long? total, double? bytesPerSecond)
    {
        var text = Sync.Status.TransferRate.Percent(done, total) is { } percent
            ? $"{percent}% of {Bytes(total!.Value)}"
            : Bytes(done);
        if (bytesPerSecond is { } rate)
        {
            text += ", " + Rate(rate);
            if (Sync.Status.TransferRate.Eta(done, total, rate) is { } eta)
            {
                text += ", ETA " + Duration(eta);
            }
        }

        return text;
    }
}
