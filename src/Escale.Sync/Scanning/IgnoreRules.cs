using System.Text;
using System.Text.RegularExpressions;

namespace Escale.Sync.Scanning;

/// <summary>
/// Ignore rules in gitignore syntax: the defaults for editor and office temporaries, then each
/// <c>.escaleignore</c> file from the root down (a deeper file's rules come later and so win). The last
/// rule that matches decides; <c>!</c> re-includes; a trailing <c>/</c> matches folders only; a pattern
/// with a <c>/</c> before its end is anchored to its file's folder, one without matches a name at any depth;
/// <c>*</c> and <c>?</c> stop at <c>/</c>, <c>**</c> crosses folders. As in git, nothing below an ignored
/// folder can be re-included (the scanner never enters it). Pure: no file-system access.
/// </summary>
public sealed class IgnoreRules
{
    /// <summary>Editor and office temporaries, skipped in every repository (dot-files are never synchronized anyway).</summary>
    public static readonly IReadOnlyList<string> DefaultPatterns = ["*.swp", "*~", ".~lock.*#", "~$*", ".DS_Store", "Thumbs.db"];

    public const string FileName = ".escaleignore";

    private readonly IReadOnlyList<Rule> _rules;

    private IgnoreRules(IReadOnlyList<Rule> rules) => _rules = rules;

    public static IgnoreRules None { get; } = new([]);

    public static IgnoreRules Defaults { get; } = Parse("", DefaultPatterns, "defaults");

    /// <param name="folder">The folder the rules belong to, relative to the repository root ("" for the root).</param>
    /// <param name="origin">Where the lines come from, for messages (a file path).</param>
    public static IgnoreRules Parse(string folder, IEnumerable<string> lines, string origin)
    {
        var rules = new List<Rule>();
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            if (ParseLine(folder, raw) is { } rule)
            {
                rules.Add(rule with { Origin = $"{origin}:{number}" });
            }
        }

        return new IgnoreRules(rules);
    }

    /// <summary>These rules followed by <paramref name="deeper"/>'s, which win where both match.</summary>
    public IgnoreRules Then(IgnoreRules deeper) =>
        deeper._rules.Count == 0 ? this : _rules.Count == 0 ? deeper : new IgnoreRules([.. _rules, .. deeper._rules]);

    public int Count => _rules.Count;

    /// <summary>Whether this one entry is ignored by its own name (its parent folders are the caller's business).</summary>
    public bool IsIgnored(string relativePath, bool isDirectory) => Match(relativePath, isDirectory) is { Negated: false };

    /// <summary>The rule that decides for the entry (null when none matches), for "why was this skipped".</summary>
    public string? Reason(string relativePath, bool isDirectory) =>
        Match(relativePath, isDirectory) is { Negated: false } rule ? $"{rule.Origin} ({rule.Source})" : null;

    /// <summary>Whether the path or any folder above it is ignored: what a caller outside the scanner asks.</summary>
    public bool IsIgnoredWithParents(string relativePath)
    {
        var parts = relativePath.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            if (IsIgnored(string.Join('/', parts[..i]), isDirectory: true))
            {
                return true;
            }
        }

        return IsIgnored(relativePath, isDirectory: false);
    }

    private Rule? Match(string relativePath, bool isDirectory)
    {
        for (var i = _rules.Count - 1; i >= 0; i--)
        {
            var rule = _rules[i];
            if (rule.DirectoryOnly && !isDirectory)
            {
                continue;
            }

            string local;
            if (rule.Folder.Length == 0)
            {
                local = relativePath;
            }
            else if (relativePath.StartsWith(rule.Folder + "/", StringComparison.Ordinal))
            {
                local = relativePath[(rule.Folder.Length + 1)..];
            }
            else
            {
                continue;
            }

            if (rule.Regex.IsMatch(local))
            {
                return rule;
            }
        }

        return null;
    }

    private static Rule? ParseLine(string folder, string raw)
    {
        var line = raw.TrimEnd('\r');
        if (line.Length == 0 || line[0] == '#')
        {
            return null;
        }

        // Trailing spaces are dropped unless escaped with a backslash.
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\'))
        {
            end--;
        }

        line = line[..end];
        var negated = false;
        if (line.StartsWith('!'))
        {
            negated = true;
            line = line[1..];
        }
        else if (line.StartsWith("\\!", StringComparison.Ordinal) || line.StartsWith("\\#", StringComparison.Ordinal))
        {
            line = line[1..];
        }

        var directoryOnly = line.EndsWith('/');
        line = line.TrimEnd('/');
        if (line.Length == 0)
        {
            return null;
        }

        var anchored = line.Contains('/');
        line = line.TrimStart('/');
        var body = Translate(line);
        var regex = new Regex((anchored ? "^" : "^(?:.*/)?") + body + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        return new Rule(folder.Trim('/'), regex, negated, directoryOnly, raw.Trim(), "");
    }

    /// <summary>A glob to a regular expression body: <c>**</c> spans folders, <c>*</c>/<c>?</c>/<c>[...]</c> stay within one name.</summary>
    private static string Translate(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var atStart = i == 0 || glob[i - 1] == '/';
                var slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                if (atStart && slashAfter)
                {
                    sb.Append("(?:.*/)?"); // "**/" : zero or more folders
                    i += 2;
                }
                else
                {
                    sb.Append(".*");
                    i += 1;
                }
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else if (c == '[' && glob.IndexOf(']', i + 2) is var close and > 0)
            {
                var set = glob[(i + 1)..close];
                var negate = set.StartsWith('!') || set.StartsWith('^');
                set = negate ? set[1..] : set;
                sb.Append(negate ? "[^/" : "[").Append(set.Replace("\\", "\\\\").Replace("[", "\\[")).Append(']');
                i = close;
            }
            else if (c == '\\' && i + 1 < glob.Length)
            {
                sb.Append(Regex.Escape(glob[++i].ToString()));
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return sb.ToString();
    }

    private sealed record Rule(string Folder, Regex Regex, bool Negated, bool DirectoryOnly, string Source, string Origin);
}
