using System.Globalization;

namespace Escale.WebDavServer;

/// <summary>A single "bytes=" range resolved against a length (RFC 9110 §14.1.2). Several ranges are served as the whole file.</summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    /// <summary>
    /// Null: no usable range, serve the whole file (also for several ranges, or syntax we do not
    /// know, as RFC 9110 allows). <paramref name="unsatisfiable"/>: the range starts past the end (416).
    /// </summary>
    public static ByteRange? Parse(string header, long length, out bool unsatisfiable)
    {
        unsatisfiable = false;
        const string unit = "bytes=";
        if (!header.StartsWith(unit, StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return null;
        }

        var spec = header[unit.Length..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return null;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            // suffix: the last N bytes
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return null;
            }

            if (suffix == 0)
            {
                unsatisfiable = true;
                return null;
            }

            var n = Math.Min(suffix, length);
            return new ByteRange(length - n, n);
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        long end = length - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return null;
            }
        }

        if (start >= length)
        {
            unsatisfiable = true;
            return null;
        }

        end = Math.Min(end, length - 1);
        return new ByteRange(start, end - start + 1);
    }
}
