using Escale.Cli.Commands;

namespace Escale.Cli;

/// <summary>
/// One executable, three commands: the bin/ wrappers pass the command name first
/// (<c>escale</c>, <c>escale-mount</c>, <c>escalectl</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var name = args.Length > 0 && args[0] is "escale" or "escale-mount" or "escalectl" ? args[0] : "escale";
        var rest = args.Length > 0 && args[0] == name ? args[1..] : args;
        try
        {
            return name switch
            {
                "escale-mount" => CommandLineRunner.Run(name, MountCommand.Build(), rest),
                "escalectl" => CommandLineRunner.Run(name, ControlCommand.Build(), rest),
                _ => CommandLineRunner.Run(name, SyncCommand.Build(), rest),
            };
        }
        catch (Exception e)
        {
            // Last resort: one line, never a stack trace (ESCALE_DEBUG=1 shows it).
            Console.Error.WriteLine($"{name}: internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("ESCALE_DEBUG") == "1")
            {
                Console.Error.WriteLine(e);
            }

            return ExitCodes.Internal;
        }
    }
}
