namespace Escale.Core.Config;

/// <summary>One <c>key = value</c> line of an INI file; Section is null before the first header.</summary>
public sealed record IniEntry(string? Section, string Key, string Value, int Line);

/// <summary>
/// The INI dialect of the original (Python's ConfigParser): <c>[section]</c> headers,
/// <c>key = value</c> or <c>key: value</c>, <c>#</c> and <c>;</c> comment lines, indented
/// continuation lines, keys case-insensitive with inner spaces and dashes/underscores folded.
/// </summary>
public sealed class IniDocument
{
    private IniDocument(string file, IReadOnlyList<string> sections, IReadOnlyList<IniEntry> entries)
    {
        File = file;
        Sections = sections;
        Entries = entries;
    }

    public string File { get; }

    /// <summary>Section names in file order.</summary>
    public IReadOnlyList<string> Sections { get; }

    public IReadOnlyList<IniEntry> Entries { get; }

    public static IniDocument Parse(string text, string file)
    {
        var sections = new List<string>();
        var entries = new List<IniEntry>();
        string? section = null;
        IniEntry? last = null;
        var lineNo = 0;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && last is not null)
            {
                // continuation of the previous value
                last = last with { Value = (last.Value + "\n" + trimmed).Trim() };
                entries[^1] = last;
                continue;
            }

            if (trimmed[0] == '[')
            {
                var close = trimmed.IndexOf(']');
                if (close < 0)
                {
                    throw ConfigException.At(file, lineNo, "section header without closing ']'");
                }

                section = trimmed[1..close].Trim();
                if (section.Length == 0)
                {
                    throw ConfigException.At(file, lineNo, "empty section name");
                }

                if (sections.Contains(section))
                {
                    throw ConfigException.At(file, lineNo, $"section [{section}] appears twice");
                }

                sections.Add(section);
                last = null;
                continue;
            }

            var eq = trimmed.IndexOf('=');
            var colon = trimmed.IndexOf(':');
            var sep = eq < 0 ? colon : colon < 0 ? eq : Math.Min(eq, colon);
            if (sep <= 0)
            {
                throw ConfigException.At(file, lineNo, $"expected 'option = value', got '{Truncate(trimmed)}'");
            }

            var key = NormalizeKey(trimmed[..sep]);
            var value = trimmed[(sep + 1)..].Trim();
            last = new IniEntry(section, key, value, lineNo);
            entries.Add(last);
        }

        return new IniDocument(file, sections, entries);
    }

    /// <summary>Lower case, single spaces: "Relay_Dir" and "relay  dir" are the same key.</summary>
    public static string NormalizeKey(string key) =>
        string.Join(' ', key.Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ')
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Truncate(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
