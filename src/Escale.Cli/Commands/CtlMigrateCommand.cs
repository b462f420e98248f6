using System.CommandLine;
using Escale.Agent;
using Escale.Agent.Operations;
using Escale.Core.Config;
using Escale.Core.IO;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>migrate SECTION URL</c>: copies the whole relay to another one, verifies every size, then
/// rewrites the section's protocol/host/port/relay dir lines in the configuration file (and only
/// those). The repository's agent must be stopped: it would go on using the old relay.
/// </summary>
public static class CtlMigrateCommand
{
    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("the repository (instead of SECTION)");
        var words = new Argument<string[]>("SECTION URL")
        {
            Description = "the repository (configuration section; or -r) and the new relay: file:///path, ftp[s]://host[:port]/path, http[s]://host[:port]/path",
            Arity = new ArgumentArity(1, 2),
        };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "list what would be copied and the configuration lines that would change" };
        var force = new Option<bool>("--force", "-f") { Description = "copy onto a relay that is not empty" };
        var command = new Command("migrate", "copy the repository's whole relay to another relay, then switch the configuration to it")
        {
            config, sections, words, dryRun, force,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var (section, url) = CtlRun.SectionAndValue(parse.GetValue(words) ?? []);
            var address = RelayAddress.Parse(url);
            var repo = CtlRun.SelectOne(parse.GetValue(config), section, parse.GetValue(sections) ?? []);
            if (CtlAgents.Find(await CtlAgents.DiscoverAsync(ct), repo) is { } agent)
            {
                throw new OperationException($"[{repo.Name}] is in use by {agent.Info.Kind} (pid {agent.Info.ProcessId}): stop it first (escalectl stop -r {repo.Name})");
            }

            var text = await File.ReadAllTextAsync(repo.File, ct);
            var rewritten = ConfigRewriter.Rewrite(text, repo.Name, address.ToOptions(), out var changes);
            var target = EscaleConfig.Parse(rewritten, repo.File).Select([repo.Name])[0];
            var dry = parse.GetValue(dryRun);
            await using var from = await CtlRelay.OpenAsync(repo, ct);
            await using var to = await CtlRelay.OpenAsync(target, ct, Relay.RelayRootMode.Create); // the target is a new repository
            if (from.Description == to.Description)
            {
                throw new OperationException($"{to.Description} is already the relay of [{repo.Name}]");
            }

            Console.WriteLine($"{(dry ? "would copy" : "copying")} {from.Description} to {to.Description}");
            var n = await RelayCopy.CopyAsync(from, to, parse.GetValue(force), dry, Console.WriteLine, ct);
            foreach (var c in changes)
            {
                Console.WriteLine($"{repo.File}: {(dry ? "would change " : "")}{c}");
            }

            if (dry)
            {
                Console.WriteLine($"dry run: {n} files would be copied; nothing was changed");
                return ExitCodes.Ok;
            }

            // It may hold a password: keep it 0600 if it was.
            UnixFileMode? mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(repo.File);
            Durable.WriteAllBytes(repo.File, System.Text.Encoding.UTF8.GetBytes(rewritten));
            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(repo.File, m);
            }
            // The state folder is keyed by the relay too: carry it over, or the node would start afresh.
            if (Directory.Exists(repo.StateDir) && repo.StateDir != target.StateDir)
            {
                StateFolders.Adopt(target, repo.StateDir);
            }

            Console.WriteLine($"migrated {n} files; [{repo.Name}] now uses {to.Description} (the old relay was left as it was)");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
