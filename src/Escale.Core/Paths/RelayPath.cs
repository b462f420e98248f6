using System.Text;

namespace Escale.Core.Paths;

/// <summary>
/// A validated relative path inside a repository: '/'-separated, NFC, no empty, '.' or '..'
/// components, no control characters. Every name read from a relay becomes a RelayPath before
/// any local file-system call (security.md, "Name validation").
/// </summary>
public readonly record struct RelayPath : IComparable<RelayPath>
{
    public const int MaxComponentBytes = 255;
    public const int MaxPathBytes = 4096;

    private readonly string? _value;

    private RelayPath(string value) => _value = value;

    public string Value => _value ?? "";

    public bool IsRoot => string.IsNullOrEmpty(_value);

    public static RelayPath Root => default;

    /// <summary>Last component ("" for the root).</summary>
    public string Name
    {
        get
        {
            var v = Value;
            var i = v.LastIndexOf('/');
            return i < 0 ? v : v[(i + 1)..];
        }
    }

    public RelayPath Parent
    {
        get
        {
            var v = Value;
            var i = v.LastIndexOf('/');
            return i < 0 ? Root : new RelayPath(v[..i]);
        }
    }

    /// <summary>Combines an already validated directory with a validated component.</summary>
    public RelayPath Append(string name)
    {
        var reason = ValidateComponent(name, portable: false);
        if (reason is not null)
        {
            throw new ArgumentException($"invalid name '{Printable(name)}': {reason}", nameof(name));
        }

        return new RelayPath(IsRoot ? name : Value + "/" + name);
    }

    /// <summary>The sibling name in the same directory (used for lock and placeholder names).</summary>
    public RelayPath Sibling(string name) => Parent.Append(name);

    public static RelayPath Parse(string path, bool portable = false)
    {
        if (!TryParse(path, portable, out var result, out var reason))
        {
            throw new ArgumentException($"invalid relay path '{Printable(path)}': {reason}", nameof(path));
        }

        return result;
    }

    public static bool TryParse(string? path, bool portable, out RelayPath result, out string reason)
    {
        result = default;
        if (string.IsNullOrEmpty(path))
        {
            reason = "empty name";
            return false;
        }

        if (path[0] == '/')
        {
            reason = "absolute path";
            return false;
        }

        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            reason = $"path longer than {MaxPathBytes} bytes";
            return false;
        }

        foreach (var component in path.Split('/'))
        {
            var r = ValidateComponent(component, portable);
            if (r is not null)
            {
                reason = r;
                return false;
            }
        }

        if (!path.IsNormalized(NormalizationForm.FormC))
        {
            reason = "not in Unicode normalization form C";
            return false;
        }

        result = new RelayPath(path);
        reason = "";
        return true;
    }

    /// <summary>Returns null when the component is acceptable, else why not.</summary>
    public static string? ValidateComponent(string component, bool portable)
    {
        if (component.Length == 0)
        {
            return "empty path component";
        }

        if (component is "." or "..")
        {
            return "'.' or '..' component";
        }

        foreach (var c in component)
        {
            if (c == '\0')
            {
                return "NUL character";
            }

            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
            {
                return "control character";
            }

            if (c == '\\')
            {
                return "backslash";
            }

            if (c == '/')
            {
                return "slash inside a component";
            }

            if (char.IsSurrogate(c))
            {
                continue;
            }

            if (c == '\uFFFD')
            {
                return "invalid UTF-8 (replacement character)";
            }
        }

        if (!IsWellFormedUtf16(component))
        {
            return "invalid UTF-8";
        }

        if (Encoding.UTF8.GetByteCount(component) > MaxComponentBytes)
        {
            return $"component longer than {MaxComponentBytes} bytes";
        }

        if (portable)
        {
            if (component.IndexOfAny(['<', '>', ':', '"', '|', '?', '*']) >= 0)
            {
                return "character not allowed on Windows";
            }

            if (component.EndsWith('.') || component.EndsWith(' '))
            {
                return "trailing dot or space";
            }

            if (IsWindowsDeviceName(component))
            {
                return "Windows device name";
            }
        }

        return null;
    }

    /// <summary>Key under which two names collide on a case-insensitive or normalizing file system.</summary>
    public static string CollisionKey(string path) =>
        path.Normalize(NormalizationForm.FormC).ToUpperInvariant();

    /// <summary>The name with control characters escaped, safe to put in a log line.</summary>
    public static string Printable(string? s)
    {
        if (s is null)
        {
            return "";
        }

        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
            {
                sb.Append($"\\x{(int)c:x2}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.Length > 300 ? sb.ToString(0, 300) + "…" : sb.ToString();
    }

    private static bool IsWellFormedUtf16(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWindowsDeviceName(string component)
    {
        var stem = component.Split('.')[0].TrimEnd(' ').ToUpperInvariant();
        return stem is "CON" or "PRN" or "AUX" or "NUL" or "CONIN$" or "CONOUT$"
            || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal))
                && stem[3] is >= '0' and <= '9');
    }

    public int CompareTo(RelayPath other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}
