using System.Text.RegularExpressions;

namespace Escale.Core.Config;

/// <summary>A basename filter: a glob (<c>*.txt</c>, <c>report-??.pdf</c>) or a <c>/regex/</c>.</summary>
public sealed class NamePattern
{
    private readonly Regex _regex;

    private NamePattern(string source, Regex regex)
    {
        Source = source;
        _regex = regex;
    }

    public string Source { get; }

    public bool IsMatch(string basename) => _regex.IsMatch(basename);

    public static NamePattern Parse(string pattern)
    {
        try
        {
            if (pattern.Length >= 2 && pattern[0] == '/' && pattern[^1] == '/')
            {
                return new NamePattern(pattern, new Regex(pattern[1..^1], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
            }

            var body = Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".");
            return new NamePattern(pattern, new Regex("^" + body + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"bad regular expression {pattern}: {e.Message}", e);
        }
    }
}
