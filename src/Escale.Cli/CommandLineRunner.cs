using System.CommandLine;
using System.CommandLine.Help;

namespace Escale.Cli;

/// <summary>
/// Parses and runs one of the three commands the same way: <c>-c</c>/<c>-r</c> accepted before the
/// verb as well as after it, and a usage error reported on one line (with a suggestion when one is
/// close) and exit code 2 instead of System.CommandLine's error followed by the whole help.
/// </summary>
public static class CommandLineRunner
{
    public static int Run(string name, Command root, string[] args)
    {
        var parse = root.Parse(GlobalOptions.Reorder(root, args));
        if (parse.Errors.Count == 0 || parse.Action is HelpAction)
        {
            return parse.Invoke(Cli.Invocation);
        }

        var command = parse.CommandResult.Command;
        // Some messages list allowed values on lines of their own: one line all the same.
        // A mistyped option beats the "unrecognized argument" it causes further on: it is what the user got wrong.
        var first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("unknown option", StringComparison.Ordinal)) ?? parse.Errors[0];
        var line = string.Join(' ', first.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (Suggestion.ForUnmatched(parse.UnmatchedTokens, command) is { } near)
        {
            line = $"unknown command or option '{near.Token}' (did you mean '{near.Candidate}'?)";
        }

        var path = command == root ? name : name + " " + command.Name;
        Console.Error.WriteLine($"{path}: {line} (see '{path} --help')");
        return ExitCodes.Usage;
    }
}
