using System.CommandLine;

namespace Escale.Cli;

/// <summary>
/// <c>-c FILE</c> and <c>-r SECTION</c> belong to every verb; written before the verb
/// (<c>escalectl -c FILE status</c>) they are moved after it, where the verb's own options parse them.
/// A pure rewrite of the argument list, so that each verb keeps its own option objects and help text
/// (a recursive root option would share one description for every verb).
/// </summary>
public static class GlobalOptions
{
    private static readonly string[] WithValue = ["-c", "--config", "-r", "--repository"];

    public static bool TakesValue(string token) => WithValue.Contains(token);

    public static string[] Reorder(Command root, IReadOnlyList<string> args)
    {
        var moved = new List<string>();
        var names = new List<string>();
        var i = 0;
        while (i < args.Count)
        {
            var token = args[i];
            if (WithValue.Contains(token) && i + 1 < args.Count)
            {
                names.Add(token);
                moved.Add(token);
                moved.Add(args[i + 1]);
                i += 2;
            }
            else if (WithValue.Any(o => token.StartsWith(o + "=", StringComparison.Ordinal)))
            {
                names.Add(token.Split('=')[0]);
                moved.Add(token);
                i++;
            }
            else
            {
                break;
            }
        }

        if (moved.Count == 0 || i >= args.Count || root.Subcommands.FirstOrDefault(c => c.Name == args[i] || c.Aliases.Contains(args[i])) is not { } verb)
        {
            return [.. args];
        }

        // Only what the verb knows moves: an option it lacks keeps its place and is reported as usual.
        var known = verb.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
        if (!names.All(known.Contains))
        {
            return [.. args];
        }

        return [args[i], .. moved, .. args.Skip(i + 1)];
    }
}
