using System.CommandLine;
using System.Reflection;
using Escale.Cli.Docs;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>escale completion bash|zsh|fish</c> and the hidden <c>escale man DIR</c> (used when packaging):
/// both generated from the parsers of the three commands themselves.
/// </summary>
public static class DocsCommands
{
    public static Command Completion()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong(CompletionScripts.Shells);
        var command = new Command("completion", """
            print the shell completion script for escale, escale-mount and escalectl.
            bash: escale completion bash > ~/.local/share/bash-completion/completions/escale (or: source <(escale completion bash));
            zsh: escale completion zsh > "${fpath[1]}/_escale"; fish: escale completion fish > ~/.config/fish/completions/escale.fish
            """)
        {
            shell,
        };
        command.SetAction(parse =>
        {
            Console.Out.Write(CompletionScripts.For(parse.GetValue(shell)!, Roots()));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Man()
    {
        var dir = new Argument<string>("DIR") { Description = "folder to write escale.1, escale-mount.1 and escalectl.1 into (created)" };
        var command = new Command("man", "write the man pages of the three commands (for packaging)") { dir };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(dir)!;
            Directory.CreateDirectory(folder);
            var roots = Roots();
            foreach (var root in roots)
            {
                var file = Path.Combine(folder, root.Name + ".1");
                File.WriteAllText(file, ManPage.Render(root, Version(), BuildDate(), roots.Select(r => r.Name)));
                Console.WriteLine(file);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The three commands as their parsers define them.</summary>
    public static IReadOnlyList<CommandModel> Roots() =>
        [CommandModel.Of(SyncCommand.Build()), CommandModel.Of(MountCommand.Build()), CommandModel.Of(ControlCommand.Build())];

    public static string Version()
    {
        var v = typeof(DocsCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        return v.Split('+')[0];
    }

    /// <summary>SOURCE_DATE_EPOCH when set (reproducible packages), else today.</summary>
    private static DateOnly BuildDate() =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), out var epoch)
            ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime)
            : DateOnly.FromDateTime(DateTime.UtcNow);
}
