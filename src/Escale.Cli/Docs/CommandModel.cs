using System.CommandLine;
using System.CommandLine.Completions;

namespace Escale.Cli.Docs;

/// <summary>An option as completion scripts and man pages need it.</summary>
/// <param name="Names">Every spelling, long first (<c>--config</c>, <c>-c</c>).</param>
/// <param name="ValueName">The value's name (<c>FILE</c>), null for a flag.</param>
/// <param name="Values">The fixed values it completes to (<c>debug info ...</c>); empty = a file or free text.</param>
public sealed record OptionModel(IReadOnlyList<string> Names, string? ValueName, string Description, IReadOnlyList<string> Values)
{
    public bool TakesValue => ValueName is not null;
}

/// <summary>A positional argument; <see cref="Values"/> as for options.</summary>
public sealed record ArgumentModel(string Name, string Description, bool Optional, bool Many, IReadOnlyList<string> Values);

/// <summary>
/// One command of System.CommandLine's tree, hidden symbols left out, with the options it inherits
/// (recursive ones such as --help). <see cref="Path"/> is the words that lead to it (<c>escalectl status</c>).
/// The completion and man generators read only this, so both always match the parser.
/// </summary>
public sealed record CommandModel(
    string Path,
    IReadOnlyList<string> Names,
    string Description,
    IReadOnlyList<OptionModel> Options,
    IReadOnlyList<ArgumentModel> Arguments,
    IReadOnlyList<CommandModel> Subcommands)
{
    /// <summary>Runs by itself too (<c>escale</c> syncs; <c>escalectl</c> needs a verb).</summary>
    public bool Runnable { get; init; }

    public string Name => Names[0];

    /// <summary>This command and every one below it, depth first.</summary>
    public IEnumerable<CommandModel> All() => Subcommands.SelectMany(s => s.All()).Prepend(this);

    /// <summary>The first line (or sentence) of the description, without a leading "name:".</summary>
    public string Summary
    {
        get
        {
            var text = string.Join(' ', Description.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            if (text.StartsWith(Name + ":", StringComparison.Ordinal))
            {
                text = text[(Name.Length + 1)..].TrimStart();
            }

            var stop = text.IndexOf(". ", StringComparison.Ordinal);
            return stop > 0 ? text[..stop] : text.TrimEnd('.');
        }
    }

    public static CommandModel Of(Command root) => Of(root, root.Name, []);

    private static CommandModel Of(Command command, string path, IReadOnlyList<Option> inherited)
    {
        var own = command.Options.Where(o => !o.Hidden).ToList();
        var options = own.Concat(inherited.Where(i => !own.Any(o => o.Name == i.Name))).Select(OptionOf).ToList();
        var passDown = inherited.Concat(own.Where(o => o.Recursive)).ToList();
        var subs = command.Subcommands.Where(c => !c.Hidden).Select(c => Of(c, path + " " + c.Name, passDown)).ToList();
        var arguments = command.Arguments.Where(a => !a.Hidden).Select(a => new ArgumentModel(
            a.Name,
            a.Description ?? "",
            a.Arity.MinimumNumberOfValues == 0,
            a.Arity.MaximumNumberOfValues > 1,
            Completions(a))).ToList();
        return new CommandModel(path, [command.Name, .. command.Aliases], command.Description ?? "", options, arguments, subs)
        {
            Runnable = command.Action is not null,
        };
    }

    private static OptionModel OptionOf(Option o)
    {
        // Windows-style spellings (/h, /?) are left to Windows.
        var names = new[] { o.Name }.Concat(o.Aliases).Where(n => !n.StartsWith('/')).Distinct().OrderByDescending(n => n.StartsWith("--", StringComparison.Ordinal)).ToList();
        var flag = o.Arity.MaximumNumberOfValues == 0 || o.ValueType == typeof(bool);
        var valueName = flag ? null : o.HelpName ?? "VALUE";
        return new OptionModel(names, valueName, o.Description ?? "", flag ? [] : Completions(o));
    }

    private static List<string> Completions(Symbol symbol) =>
        [.. symbol.GetCompletions(CompletionContext.Empty).Select(c => c.Label).Where(l => l.Length > 0)];
}
