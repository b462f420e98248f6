namespace Escale.Agent.Mount;

/// <summary>A command line to run, with what goes to its standard input (a secret never goes into arguments, which other users can see in ps).</summary>
public sealed record OsCommand(string File, IReadOnlyList<string> Arguments, byte[]? Input = null)
{
    /// <summary>For messages and logs: the arguments as typed, never the standard input.</summary>
    public override string ToString() => File + " " + string.Join(' ', Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? "\"" + a + "\"" : a));
}
