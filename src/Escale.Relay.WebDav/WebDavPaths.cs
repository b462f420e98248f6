using System.Text;
using Escale.Core.Paths;

namespace Escale.Relay.WebDav;

/// <summary>
/// Relay paths to request URIs and server hrefs back to relay names. Encoding is per segment with
/// every byte outside RFC 3986's unreserved set percent-encoded (UTF-8), so space, %, #, ?, ;, &amp;, +
/// and Unicode survive any server. Decoding is strict and confined: an href for another host, outside
/// the relay folder, with '.'/'..' or an encoded '/', or with invalid UTF-8 is refused (null).
/// </summary>
internal sealed class WebDavPaths
{
    private static readonly UriCreationOptions Raw = new() { DangerousDisablePathAndQueryCanonicalization = true };
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly Uri _origin;
    private readonly string[] _base;
    private readonly string _basePath;

    public WebDavPaths(WebDavSettings settings)
    {
        _origin = settings.Origin;
        _base = settings.ServerSegments.Select(s => Decode(s) ?? s).Concat(settings.RelaySegments).ToArray();
        _basePath = "/" + string.Concat(_base.Select(s => Uri.EscapeDataString(s) + "/"));
    }

    /// <summary>The relay folder's decoded segments below the origin.</summary>
    public IReadOnlyList<string> BaseSegments => _base;

    /// <summary>The URI of a file (no trailing slash) or, with <paramref name="collection"/>, a folder.</summary>
    public Uri For(RelayPath path, bool collection = false)
    {
        var sb = new StringBuilder(_basePath);
        if (!path.IsRoot)
        {
            var first = true;
            foreach (var segment in path.Value.Split('/'))
            {
                if (!first)
                {
                    sb.Append('/');
                }

                sb.Append(Uri.EscapeDataString(segment));
                first = false;
            }

            if (collection)
            {
                sb.Append('/');
            }
        }

        return Absolute(sb.ToString());
    }

    /// <summary>A folder URI for one of the first <paramref name="count"/> base segments (relay folder creation).</summary>
    public Uri ForBasePrefix(int count) =>
        Absolute("/" + string.Concat(_base.Take(count).Select(s => Uri.EscapeDataString(s) + "/")));

    /// <summary>
    /// The decoded segments of an href below the relay folder (empty for the folder itself), or null with
    /// the reason when it must not be trusted.
    /// </summary>
    public string[]? Resolve(string href, out string refusal)
    {
        refusal = "";
        var text = href.Trim();
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, Raw, out var absolute) || !SameOrigin(absolute))
            {
                refusal = "href names another host";
                return null;
            }

            var afterScheme = text.IndexOf("://", StringComparison.Ordinal) + 3;
            var slash = text.IndexOf('/', afterScheme);
            text = slash < 0 ? "/" : text[slash..];
        }

        if (!text.StartsWith('/'))
        {
            refusal = "href is not an absolute path";
            return null;
        }

        var parts = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var decoded = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var d = Decode(parts[i]);
            if (d is null || d is "." or ".." || d.Contains('/') || d.Contains('\0') || d.Contains('\\'))
            {
                refusal = "href has a '.', '..', encoded '/' or invalid UTF-8 segment";
                return null;
            }

            decoded[i] = d;
        }

        if (decoded.Length < _base.Length || !StartsWithBase(decoded, StringComparison.Ordinal) && !StartsWithBase(decoded, StringComparison.OrdinalIgnoreCase))
        {
            refusal = "href is outside the relay folder";
            return null;
        }

        return decoded[_base.Length..];
    }

    /// <summary>Strict percent-decoding to UTF-8; null when the result is not valid UTF-8.</summary>
    public static string? Decode(string segment)
    {
        if (!segment.Contains('%'))
        {
            return segment;
        }

        var bytes = new List<byte>(segment.Length);
        Span<byte> one = stackalloc byte[4];
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c == '%' && i + 2 < segment.Length && Uri.IsHexDigit(segment[i + 1]) && Uri.IsHexDigit(segment[i + 2]))
            {
                bytes.Add(Convert.ToByte(segment.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }

            int len;
            if (char.IsSurrogatePair(segment, i))
            {
                len = Encoding.UTF8.GetBytes(segment.AsSpan(i, 2), one);
                i++;
            }
            else
            {
                len = Encoding.UTF8.GetBytes(segment.AsSpan(i, 1), one);
            }

            for (var k = 0; k < len; k++)
            {
                bytes.Add(one[k]);
            }
        }

        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private bool StartsWithBase(string[] decoded, StringComparison comparison)
    {
        for (var i = 0; i < _base.Length; i++)
        {
            if (!string.Equals(decoded[i], _base[i], comparison))
            {
                return false;
            }
        }

        return true;
    }

    private bool SameOrigin(Uri uri) =>
        uri.Scheme.Equals(_origin.Scheme, StringComparison.OrdinalIgnoreCase)
        && uri.Host.Equals(_origin.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == _origin.Port;

    private Uri Absolute(string path) => new(_origin.GetLeftPart(UriPartial.Authority) + path, Raw);
}
