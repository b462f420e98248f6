using System.CommandLine;
using Escale.Agent;
using Escale.Agent.Logging;
using Escale.Agent.Operations;
using Escale.Sync.State;
using Microsoft.Extensions.Logging;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>fix SECTION</c>: rebuilds the placeholders of a lost or emptied relay from this node's
/// up-to-date local folder and state records. With <c>--push</c> the payloads are uploaded again
/// instead (one sync pass pushes every file whose placeholder is missing as a new version).
/// Needs the repository's state, so its agent must be stopped.
/// </summary>
public static class CtlFixCommand
{
    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("the repository (instead of SECTION)");
        var section = new Argument<string?>("SECTION") { Description = "the repository (configuration section)", Arity = ArgumentArity.ZeroOrOne };
        var push = new Option<bool>("--push") { Description = "upload the payloads again (one sync pass) instead of writing placeholders only" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "only list what would be done" };
        var command = new Command("fix", "rebuild the placeholders of a lost relay from this node's local folder and state")
        {
            config, sections, section, push, dryRun,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var repo = CtlRun.SelectOne(parse.GetValue(config), parse.GetValue(section), parse.GetValue(sections) ?? []);
            if (CtlAgents.Find(await CtlAgents.DiscoverAsync(ct), repo) is { } agent)
            {
                throw new OperationException($"[{repo.Name}] is in use by {agent.Info.Kind} (pid {agent.Info.ProcessId}): stop it first (escalectl stop -r {repo.Name})");
            }

            if (!Directory.Exists(Agent.StateFolders.MigrateIfOld(repo, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)))
            {
                throw new OperationException($"[{repo.Name}] has no local state ({repo.StateDir}): this node never synchronized, there is nothing to rebuild from");
            }

            var dry = parse.GetValue(dryRun);
            IReadOnlyList<string> done;
            await using (var store = await CtlRelay.OpenAsync(repo, ct, Relay.RelayRootMode.Create)) // rebuilding a lost relay: its folder may be gone too
            using (var state = StateStore.Open(repo.StateDir))
            {
                done = parse.GetValue(push)
                    ? await PlaceholderRebuild.ForgetMissingAsync(repo, state, store, dry, Console.WriteLine, ct)
                    : await PlaceholderRebuild.RunAsync(repo, state, store, dry, Console.WriteLine, ct);
            }

            if (dry || !parse.GetValue(push) || done.Count == 0)
            {
                Console.WriteLine($"{(dry ? "dry run: " : "")}{done.Count} {(parse.GetValue(push) ? "files to push" : "placeholders")} {(dry ? "would be " : "")}rebuilt on [{repo.Name}]");
                return ExitCodes.Ok;
            }

            using var logs = Logs.Create(LogLevel.Warning);
            await using var sync = await RepositoryAgent.OpenAsync(repo, logs, TimeProvider.System, ct);
            var result = await sync.Engine.RunOnceAsync(ct);
            Console.WriteLine($"pushed again on [{repo.Name}]: {result}");
            return result.IsComplete ? ExitCodes.Ok : ExitCodes.Incomplete;
        }));
        return command;
    }
}
