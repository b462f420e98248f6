using System.Text;

namespace Escale.Cli.Docs;

/// <summary>
/// Shell completion for escale, escale-mount and escalectl, written out of the <see cref="CommandModel"/>
/// (so a new verb or option completes without touching this file). Each script finds the verb the
/// words typed so far lead to, skipping option values, then offers that verb's options, subcommands
/// and fixed values; a FILE-like value or argument falls back to the shell's file completion.
/// </summary>
public static partial class CompletionScripts
{
    public static readonly string[] Shells = ["bash", "zsh", "fish"];

    public static string For(string shell, IReadOnlyList<CommandModel> roots) => shell switch
    {
        "bash" => Bash(roots),
        "zsh" => Zsh(roots),
        "fish" => Fish(roots),
        _ => throw new ArgumentException($"unknown shell '{shell}' (bash, zsh or fish)", nameof(shell)),
    };

    /// <summary>
    /// Every option spelling that takes a value: its value is skipped when finding the verb (unless the
    /// next word is an option: some values are optional, like --auto-restart's).
    /// </summary>
    /// <summary>
    /// The body of the loop bash and zsh share: skip each option's value, and follow subcommand names to
    /// the command being completed (<c>cmdpath</c>); <paramref name="words"/> is the shell's array of words.
    /// </summary>
    private static void AppendCommandWalk(StringBuilder s, IReadOnlyList<CommandModel> roots, string words)
    {
        s.Append("    case \"$w\" in\n");
        s.Append("      ").Append(string.Join('|', ValuedNames(roots).Select(Dq))).Append(") [[ \"${").Append(words).Append("[i+1]}\" == -* ]] || ((i++)); continue ;;\n");
        s.Append("    esac\n");
        s.Append("    case \"$cmdpath $w\" in\n");
        foreach (var c in roots.SelectMany(r => r.All()))
        {
            foreach (var sub in c.Subcommands)
            {
                s.Append("      ").Append(string.Join('|', sub.Names.Select(n => Dq(c.Path + " " + n)))).Append(") cmdpath=").Append(Dq(sub.Path)).Append(" ;;\n");
            }
        }

        s.Append("    esac\n");
        s.Append("  done\n");
    }

    private static IEnumerable<string> ValuedNames(IReadOnlyList<CommandModel> roots) =>
        roots.SelectMany(r => r.All()).SelectMany(c => c.Options).Where(o => o.TakesValue).SelectMany(o => o.Names).Distinct().Order(StringComparer.Ordinal);

    private static string ZshItem(string name, string description) => name.Replace(":", "\\:", StringComparison.Ordinal) + ":" + Short(description);

    private static string Short(string text)
    {
        var line = string.Join(' ', text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        return line.Length > 80 ? line[..77] + "..." : line;
    }

    /// <summary>Single-quoted for every one of the three shells.</summary>
    private static string Sq(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Dq(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal) + "\"";
}
