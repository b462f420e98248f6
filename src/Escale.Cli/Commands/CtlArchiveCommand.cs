using System.CommandLine;
using Escale.Agent.Operations;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>backup SECTION ARCHIVE</c> and <c>restore SECTION ARCHIVE</c>: the whole relay folder of a
/// repository as tar or tar.gz (by extension). ARCHIVE is relative to the working folder, not to the
/// repository's local folder: an archive inside the synchronized folder would be pushed itself.
/// </summary>
public static class CtlArchiveCommand
{
    public static Command Build(bool restore)
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("the repository (instead of SECTION)");
        var words = new Argument<string[]>("SECTION ARCHIVE")
        {
            Description = "the repository (configuration section; or -r) and the archive: NAME.tar, or NAME.tar.gz / NAME.tgz for gzip",
            Arity = new ArgumentArity(1, 2),
        };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "only list what would be done" };
        var force = new Option<bool>("--force", "-f") { Description = "restore onto a relay that is not empty (overwriting what the archive holds)" };
        var command = new Command(restore ? "restore" : "backup", restore
            ? "write an archive made by backup onto the repository's relay (which must be empty unless --force)"
            : "archive the repository's whole relay folder, locks and placeholders included")
        {
            config, sections, words, dryRun,
        };
        if (restore)
        {
            command.Add(force);
        }

        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var (section, file) = CtlRun.SectionAndValue(parse.GetValue(words) ?? []);
            var path = Path.GetFullPath(file);
            if (!file.Contains(".tar", StringComparison.OrdinalIgnoreCase) && !file.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase))
            {
                throw new OperationException($"{file}: the archive name must end in .tar, .tar.gz or .tgz");
            }

            if (restore && !File.Exists(path))
            {
                throw new OperationException($"{file}: no such archive");
            }

            var repo = CtlRun.SelectOne(parse.GetValue(config), section, parse.GetValue(sections) ?? []);
            await using var store = await CtlRelay.OpenAsync(repo, ct, restore ? Relay.RelayRootMode.Create : Relay.RelayRootMode.MustExist);
            var dry = parse.GetValue(dryRun);
            if (restore)
            {
                var n = await RelayArchive.RestoreAsync(store, path, parse.GetValue(force), dry, Console.WriteLine, ct);
                Console.WriteLine(dry ? $"dry run: {n} files would be restored onto {store.Description}" : $"restored {n} files onto {store.Description}");
            }
            else
            {
                var n = await RelayArchive.BackupAsync(store, path, dry, Console.WriteLine, ct);
                Console.WriteLine(dry ? $"dry run: {n} files would be archived into {path}" : $"archived {n} files of {store.Description} into {path}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
