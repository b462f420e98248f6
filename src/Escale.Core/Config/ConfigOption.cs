namespace Escale.Core.Config;

/// <summary>One known option: its canonical name, the aliases the original accepted, and a parser.</summary>
public sealed record ConfigOption(string Name, string[] Aliases, string Allowed, Func<string, object?> Parse)
{
    public IEnumerable<string> AllNames => Aliases.Prepend(Name);
}
