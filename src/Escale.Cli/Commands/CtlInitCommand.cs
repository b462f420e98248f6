using System.CommandLine;
using Escale.Agent.Repository;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>init</c>: creates each repository's relay folder when missing and marks it with this node's
/// encryption settings (format, suite, key check). Agents never create a relay folder themselves.
/// </summary>
public static class CtlInitCommand
{
    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository to create (default: all)");
        var command = new Command("init", "create the relay folder if missing and mark it as a repository with this node's encryption settings")
        {
            config, sections,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            foreach (var repo in CtlRun.Select(parse.GetValue(config), parse.GetValue(sections) ?? []))
            {
                var (relay, marked) = await RepositoryInit.InitAsync(repo, NullLogger.Instance, ct);
                Console.WriteLine(marked
                    ? $"[{repo.Name}] relay {relay}: marked as a repository (encryption {repo.Encryption})"
                    : $"[{repo.Name}] relay {relay}: already a repository; this node's settings fit");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
