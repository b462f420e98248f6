namespace Escale.Cli.Commands;

/// <summary>The wizard stops: one line for the user, nothing written.</summary>
public sealed class WizardException(string message, int code = ExitCodes.Usage) : Exception(message)
{
    public int Code { get; } = code;
}
