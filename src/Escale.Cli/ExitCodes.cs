namespace Escale.Cli;

public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Some file could not be synchronized (or something was left pending with --once).</summary>
    public const int Incomplete = 1;

    /// <summary>Bad command line or configuration.</summary>
    public const int Usage = 2;

    /// <summary>The relay refused us or cannot be reached.</summary>
    public const int Relay = 3;

    public const int Interrupted = 130;

    public const int Internal = 70;
}
