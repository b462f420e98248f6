namespace Escale.WebDavServer;

/// <summary>
/// Request paths to virtual-folder paths and back. The URL space is the folder itself ("/" is the
/// root); a path that could name anything outside it ("." or ".." segments, an encoded '/' or NUL
/// inside a segment) is refused before it reaches the folder.
/// </summary>
internal static class DavPath
{
    /// <summary>Names the front-end uses for uploads in progress; hidden from listings.</summary>
    public const string UploadPrefix = ".escale-put-";

    /// <summary>The folder path of an already-unescaped URL path, or null when it is not acceptable.</summary>
    public static string? FromUrlPath(string? unescapedPath)
    {
        var segments = (unescapedPath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var s in segments)
        {
            if (s is "." or ".." || s.Contains('\0') || s.Contains('\\'))
            {
                return null;
            }
        }

        return string.Join('/', segments);
    }

    /// <summary>The folder path of a raw (still escaped) path as sent in a Destination or If header.</summary>
    public static string? FromEscaped(string rawPath)
    {
        var parts = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var segment = Uri.UnescapeDataString(parts[i]);
            if (segment.Contains('/'))
            {
                return null; // an encoded slash would join two segments into one name
            }

            parts[i] = segment;
        }

        return FromUrlPath(string.Join('/', parts));
    }

    /// <summary>The folder path of an absolute URI or absolute path naming this server, or null.</summary>
    public static string? FromReference(string reference, string expectedAuthority)
    {
        if (reference.Contains('#'))
        {
            return null; // a fragment never reaches a server from a well-behaved client; guessing what it meant could delete the wrong thing
        }

        if (reference.StartsWith('/'))
        {
            return FromEscaped(StripQuery(reference));
        }

        if (!Uri.TryCreate(reference, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, expectedAuthority, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return FromEscaped(uri.AbsolutePath);
    }

    /// <summary>The href of a folder path: each segment escaped, collections with a trailing slash.</summary>
    public static string Href(string path, bool collection)
    {
        var escaped = string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
        return "/" + escaped + (collection && escaped.Length > 0 ? "/" : "");
    }

    public static string Parent(string path)
    {
        var i = path.LastIndexOf('/');
        return i < 0 ? "" : path[..i];
    }

    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Join(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it.</summary>
    public static bool IsAtOrBelow(string path, string root) =>
        root.Length == 0 || path == root || path.StartsWith(root + "/", StringComparison.Ordinal);

    public static bool IsUpload(string name) => name.StartsWith(UploadPrefix, StringComparison.Ordinal);

    private static string StripQuery(string s)
    {
        var q = s.IndexOf('?');
        return q < 0 ? s : s[..q];
    }
}
