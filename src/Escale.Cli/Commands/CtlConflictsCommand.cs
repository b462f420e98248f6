using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Escale.Agent.Logging;
using Escale.Agent.Operations;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>conflicts [--json]</c>: the conflict copies under each repository's local folder, with the file
/// each belongs to and both versions' makers. Reads the local folder, a snapshot of the state and the
/// relay's placeholders, so it works with or without a running agent. Exit 3 when a relay could not be
/// read (the copies are still listed; the kept versions' makers then come from the state alone).
/// </summary>
public static class CtlConflictsCommand
{
    private static readonly TimeSpan RelayTimeout = TimeSpan.FromSeconds(15);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository to list (default: all)");
        var json = new Option<bool>("--json") { Description = "one JSON array: repository, copy, file, copyBy, copyTime, keptBy, keptTime" };
        var command = new Command("conflicts", "list conflict copies: the file each belongs to, who made the copy and when, who made the kept version")
        {
            config, sections, json,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var all = new List<JsonLine>();
            var code = ExitCodes.Ok;
            foreach (var repo in CtlRun.Select(parse.GetValue(config), parse.GetValue(sections) ?? []))
            {
                using var snapshot = CtlStateSnapshot.Open(repo);
                var (store, error) = await CtlRelay.TryReachAsync(repo, RelayTimeout, ct);
                try
                {
                    var entries = await ConflictReport.ReadAsync(repo, snapshot?.State, error is null ? store : null, ct);
                    all.AddRange(entries.Select(e => new JsonLine(repo.Name, e.Copy, e.File, e.CopyBy, e.CopyTime, e.KeptBy, e.KeptTime)));
                    if (error is not null)
                    {
                        Console.Error.WriteLine(LogEscaper.Escape($"escalectl: [{repo.Name}] relay unreachable: {error}; kept versions' makers from the local state only"));
                        code = ExitCodes.Relay;
                    }

                    if (!parse.GetValue(json))
                    {
                        Print(repo.Name, entries);
                    }
                }
                finally
                {
                    if (store is not null)
                    {
                        await store.DisposeAsync();
                    }
                }
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(all, Json));
            }

            return code;
        }));
        return command;
    }

    private static void Print(string name, IReadOnlyList<ConflictReport.Entry> entries)
    {
        if (entries.Count == 0)
        {
            Console.WriteLine($"[{name}] no conflict copy");
        }

        foreach (var e in entries)
        {
            var of = e.File is null ? "of a file whose name was too long to keep" : $"of {e.File}";
            var when = e.CopyTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var kept = (e.KeptBy is null ? "kept version by an unknown node" : $"kept version by {e.KeptBy}")
                + (e.KeptTime is { } t ? $", modified {t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC" : "");
            // Names come from the local folder and the relay: control characters are escaped before a terminal sees them.
            Console.WriteLine(LogEscaper.Escape($"[{name}] conflict: {e.Copy}: {of}; copy made by {e.CopyBy} at {when} UTC; {kept}; escalectl resolve {e.File ?? e.Copy} --keep mine|theirs|both"));
        }
    }

    private sealed record JsonLine(string Repository, string Copy, string? File, string CopyBy, DateTimeOffset CopyTime, string? KeptBy, DateTimeOffset? KeptTime);
}
