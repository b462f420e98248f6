using System.Globalization;

namespace Escale.Sync.Status;

/// <summary>
/// What a conflict copy's name says (<see cref="ConflictNames"/>): the file it belongs to, the node whose
/// version it holds and when it was made. The name is all there is: a copy is a plain local file.
/// </summary>
/// <param name="Copy">The copy, relative to the local folder ('/'-separated).</param>
/// <param name="File">The file it belongs to; null when the name was too long to keep the file's name.</param>
/// <param name="Node">The node whose version the copy holds, as the name spells it (letters, digits, '-', '_').</param>
/// <param name="Made">When the conflict was resolved (UTC, to the second).</param>
public sealed record ConflictCopy(string Copy, string? File, string Node, DateTimeOffset Made)
{
    private const string StampFormat = "yyyyMMdd-HHmmss";

    // The short form ConflictNames falls back to when stem + marker would not fit in one component.
    private static readonly string ShortPrefix = ConflictNames.Marker.TrimStart('.');

    public static bool IsCopy(string path) => TryParse(path) is not null;

    /// <summary>The parts of a conflict copy's name; null when the name is not one.</summary>
    public static ConflictCopy? TryParse(string path)
    {
        var slash = path.LastIndexOf('/');
        var (dir, name) = slash < 0 ? ("", path) : (path[..(slash + 1)], path[(slash + 1)..]);
        string? stem;
        string rest;
        var marker = name.LastIndexOf(ConflictNames.Marker, StringComparison.Ordinal);
        if (marker > 0)
        {
            (stem, rest) = (name[..marker], name[(marker + ConflictNames.Marker.Length)..]);
        }
        else if (name.StartsWith(ShortPrefix, StringComparison.Ordinal))
        {
            (stem, rest) = (null, name[ShortPrefix.Length..]);
        }
        else
        {
            return null;
        }

        if (rest.Length < StampFormat.Length + 2 || rest[StampFormat.Length] != '-'
            || !DateTime.TryParseExact(rest[..StampFormat.Length], StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var made))
        {
            return null;
        }

        // The node is sanitized to letters, digits, '-' and '_': the first dot after it starts the extension.
        var tail = rest[(StampFormat.Length + 1)..];
        var dot = tail.IndexOf('.');
        var (node, ext) = dot < 0 ? (tail, "") : (tail[..dot], tail[dot..]);
        if (node.Length == 0 || !node.All(c => char.IsLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        return new ConflictCopy(path, stem is null ? null : dir + stem + ext, node, new DateTimeOffset(made, TimeSpan.Zero));
    }
}
