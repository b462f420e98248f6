using System.Globalization;
using System.Text;

namespace Escale.Cli.Docs;

/// <summary>
/// A section-1 man page (roff, man macros) per command, written out of the <see cref="CommandModel"/>:
/// name, synopsis, description, options, each verb with its own arguments and options, exit status.
/// </summary>
public static class ManPage
{
    private static readonly (int Code, string Meaning)[] ExitStatus =
    [
        (ExitCodes.Ok, "success (with --once: everything went through)"),
        (ExitCodes.Incomplete, "incomplete: some file could not be synchronized, not idle, or a check failed"),
        (ExitCodes.Usage, "bad command line, configuration or input (one line on stderr says which)"),
        (ExitCodes.Relay, "the relay refused us or cannot be reached"),
        (ExitCodes.Internal, "internal error"),
        (ExitCodes.Interrupted, "interrupted (SIGINT or SIGTERM) after a clean stop"),
    ];

    /// <param name="others">The other commands, for SEE ALSO.</param>
    public static string Render(CommandModel root, string version, DateOnly date, IEnumerable<string> others)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $".TH {Quote(root.Name.ToUpperInvariant())} 1 {Quote(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} {Quote("escale " + version)} \"User Commands\"\n");
        s.Append(".SH NAME\n");
        s.Append(Text(root.Name)).Append(" \\- ").Append(Text(root.Summary)).Append('\n');
        s.Append(".SH SYNOPSIS\n");
        Synopsis(s, root);
        foreach (var sub in root.Subcommands)
        {
            s.Append(".br\n");
            Synopsis(s, sub);
        }

        s.Append(".SH DESCRIPTION\n");
        Paragraphs(s, root.Description);
        if (root.Options.Count > 0)
        {
            s.Append(".SH OPTIONS\n");
            Options(s, root);
        }

        if (root.Arguments.Count > 0)
        {
            s.Append(".SH ARGUMENTS\n");
            Arguments(s, root);
        }

        if (root.Subcommands.Count > 0)
        {
            s.Append(".SH COMMANDS\n");
            foreach (var sub in root.Subcommands)
            {
                s.Append(".SS ").Append(Quote(sub.Path + (sub.Names.Count > 1 ? " (" + string.Join(", ", sub.Names.Skip(1)) + ")" : ""))).Append('\n');
                Paragraphs(s, sub.Description);
                Arguments(s, sub);
                Options(s, sub);
            }
        }

        s.Append(".SH EXIT STATUS\n");
        foreach (var (code, meaning) in ExitStatus)
        {
            s.Append(".TP\n.B ").Append(code.ToString(CultureInfo.InvariantCulture)).Append('\n').Append(Text(meaning)).Append('\n');
        }

        s.Append(".SH FILES\n");
        s.Append(".TP\n.I ~/.config/escale/escale.conf\n").Append(Text("the configuration (then ~/.escale/escale.conf, /etc/escale.conf); -c FILE names another")).Append('\n');
        s.Append(".SH SEE ALSO\n");
        s.Append(string.Join(",\n", others.Where(o => o != root.Name).Select(o => $".BR {o} (1)"))).Append('\n');
        return s.ToString();
    }

    private static void Synopsis(StringBuilder s, CommandModel c)
    {
        s.Append(".B ").Append(Text(c.Path)).Append('\n');
        var words = new List<string>();
        if (c.Options.Count > 0)
        {
            words.Add("[\\fIOPTIONS\\fR]");
        }

        if (c.Subcommands.Count > 0)
        {
            words.Add(c.Runnable ? "[\\fICOMMAND\\fR]" : "\\fICOMMAND\\fR");
        }

        foreach (var a in c.Arguments)
        {
            var arg = "\\fI" + Text(a.Name) + "\\fR" + (a.Many ? "..." : "");
            words.Add(a.Optional ? "[" + arg + "]" : arg);
        }

        if (words.Count > 0)
        {
            s.Append(string.Join(' ', words)).Append('\n');
        }
    }

    private static void Options(StringBuilder s, CommandModel c)
    {
        foreach (var o in c.Options)
        {
            s.Append(".TP\n");
            s.Append(string.Join(", ", o.Names.Select(n => "\\fB" + Text(n) + "\\fR")));
            if (o.ValueName is { } value)
            {
                s.Append(" \\fI").Append(Text(value)).Append("\\fR");
            }

            var listed = o.Values.All(v => o.Description.Contains(v, StringComparison.Ordinal));
            s.Append('\n').Append(Line(o.Description + (listed ? "" : " (" + string.Join(", ", o.Values) + ")"))).Append('\n');
        }
    }

    private static void Arguments(StringBuilder s, CommandModel c)
    {
        foreach (var a in c.Arguments)
        {
            s.Append(".TP\n.I ").Append(Quote(a.Name)).Append('\n').Append(Line(a.Description)).Append('\n');
        }
    }

    private static void Paragraphs(StringBuilder s, string text)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length > 0)
        {
            s.Append(Line(string.Join(' ', lines))).Append('\n');
        }
    }

    /// <summary>A text line for roff: escapes, and never a leading '.' or '\'' (those start requests).</summary>
    private static string Line(string text)
    {
        var t = Text(text.Trim());
        return t.Length == 0 ? "\\&" : t[0] is '.' or '\'' ? "\\&" + t : t;
    }

    private static string Text(string text) => text
        .Replace("\\", "\\e", StringComparison.Ordinal)
        .Replace("-", "\\-", StringComparison.Ordinal)
        .Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>A macro argument: hyphens stay plain there (titles, dates).</summary>
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\e", StringComparison.Ordinal).Replace("\"", "\\(dq", StringComparison.Ordinal) + "\"";
}
