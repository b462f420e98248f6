using System.CommandLine;

namespace Escale.Cli;

/// <summary>The nearest verb or option to a mistyped token (edit distance), for the one-line usage error.</summary>
public static class Suggestion
{
    public static IEnumerable<string> Candidates(Command command) =>
        command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
            .Concat(command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Append(o.Name)))
            .Distinct(StringComparer.Ordinal);

    /// <summary>The first unmatched token (not a -c/-r value) that is close to something the command knows.</summary>
    public static (string Token, string Candidate)? ForUnmatched(IReadOnlyList<string> unmatched, Command command)
    {
        var candidates = Candidates(command).ToList();
        for (var i = 0; i < unmatched.Count; i++)
        {
            if (GlobalOptions.TakesValue(unmatched[i]))
            {
                i++;
                continue;
            }

            if (Closest(unmatched[i], candidates) is { } near && near != unmatched[i])
            {
                return (unmatched[i], near);
            }
        }

        return null;
    }

    public static string? Closest(string token, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            // A one-letter option is close to everything one letter long: only suggest those for a prefix.
            var d = Distance(token, c);
            var limit = Math.Max(1, Math.Min(3, c.Length / 3));
            if ((d <= limit || (token.Length >= 3 && c.StartsWith(token, StringComparison.Ordinal))) && d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }

        return best;
    }

    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
