using System.CommandLine;
using System.Runtime.InteropServices;
using Escale.Core.Config;
using Escale.Relay;
using Escale.Sync.State;

namespace Escale.Cli;

/// <summary>What the three commands share: options, configuration loading, signals, error lines.</summary>
public static class Cli
{
    public static InvocationConfiguration Invocation { get; } = new()
    {
        EnableDefaultExceptionHandler = false,
        ProcessTerminationTimeout = null, // we handle SIGINT/SIGTERM ourselves (see Signals)
    };

    /// <summary>
    /// A root command named after the command the user typed (a RootCommand would take the name of the
    /// shared executable, "escale", for all three), with the usual --help and --version.
    /// </summary>
    public static void AddHelpAndVersion(Command root)
    {
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
    }

    public static Option<string?> ConfigOption() => new("--config", "-c")
    {
        Description = "configuration file (default: ~/.config/escale/escale.conf, ~/.escale/escale.conf, /etc/escale.conf)",
        HelpName = "FILE",
    };

    public static Option<string[]> SectionOption(string description) => new("--repository", "-r")
    {
        Description = description,
        HelpName = "SECTION",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> LogLevelOption()
    {
        var option = new Option<string?>("--log-level", "-l")
        {
            Description = "debug, info, warning or error (default: the configuration's 'log level', else info)",
            HelpName = "LEVEL",
        };
        option.CompletionSources.Add("debug", "info", "warning", "error"); // for the completion scripts
        return option;
    }

    /// <summary>A token cancelled by the first SIGINT/SIGTERM; a second one exits at once.</summary>
    public static CancellationTokenSource Signals(out IDisposable registrations)
    {
        var cts = new CancellationTokenSource();
        var count = 0;
        void Handle(PosixSignalContext ctx)
        {
            ctx.Cancel = true;
            if (Interlocked.Increment(ref count) > 1)
            {
                Console.Error.WriteLine("interrupted again: exiting now");
                Environment.Exit(ExitCodes.Interrupted);
            }

            // Cancel first: the line below takes the console's lock, which a writer may hold for a while.
            cts.Cancel();
            Console.Error.WriteLine("stopping: finishing or abandoning the current transfer, releasing locks...");
        }

        var a = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        var b = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        registrations = new Both(a, b);
        return cts;
    }

    /// <summary>The one line a user sees for an expected failure, and its exit code; null for unexpected ones.</summary>
    public static (string Line, int Code)? Explain(Exception e) => e switch
    {
        ConfigException c => (c.Message, ExitCodes.Usage),
        StateLockedException s => (s.Message, ExitCodes.Usage),
        Sync.Members.MemberConflictException m => (m.Message, ExitCodes.Usage),
        RelayException { Kind: RelayErrorKind.Authentication } r => (r.Message, ExitCodes.Relay),
        RelayException r => ("relay: " + r.Message, ExitCodes.Relay),
        Crypto.PayloadIntegrityException p => (p.Message, ExitCodes.Incomplete),
        UnauthorizedAccessException u => (u.Message, ExitCodes.Usage),
        IOException io => (io.Message, ExitCodes.Incomplete),
        _ => null,
    };

    private sealed class Both(IDisposable a, IDisposable b) : IDisposable
    {
        public void Dispose()
        {
            a.Dispose();
            b.Dispose();
        }
    }
}
