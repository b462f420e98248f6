using System.CommandLine;
using Escale.Relay;

namespace Escale.Cli.Commands;

/// <summary><c>probe</c>: what each repository's relay really does (its <see cref="RelayCapabilities"/> and, when the store has one, its probe report).</summary>
public static class CtlProbeCommand
{
    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository to probe (default: all)");
        var json = Json.CtlJson.Option();
        var command = new Command("probe", "connect to each relay and print what it can do (atomic create, rename, times, dot-files...)")
        {
            config, sections, json,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var code = ExitCodes.Ok;
            var document = new List<Json.JsonShapes.RepositoryProbeJson>();
            foreach (var repo in CtlRun.Select(parse.GetValue(config), parse.GetValue(sections) ?? []))
            {
                var (store, error) = await CtlRelay.TryReachAsync(repo, TimeSpan.FromSeconds(30), ct);
                await using (store)
                {
                    if (store is null || error is not null)
                    {
                        code = CtlRun.Fail($"[{repo.Name}] relay unreachable: {error}", ExitCodes.Relay);
                        document.Add(new(repo.Name, store?.Description, false, error, null, null));
                        continue;
                    }

                    if (parse.GetValue(json))
                    {
                        var report = IRelayStoreDecorator.Driver(store) is IProbeReport r ? r.ProbeReport.ToList() : [];
                        document.Add(new(repo.Name, store.Description, true, null, Json.JsonShapes.Capabilities(store.Capabilities), report));
                        continue;
                    }

                    Print(repo.Name, store);
                }
            }

            if (parse.GetValue(json))
            {
                Json.CtlJson.Write(new Json.JsonShapes.ProbeDocument(document));
            }

            return code;
        }));
        return command;
    }

    private static void Print(string name, IRelayStore store)
    {
        Console.WriteLine($"[{name}] relay {store.Description}");
        var caps = store.Capabilities;
        foreach (var p in typeof(RelayCapabilities).GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            Console.WriteLine($"[{name}] {p.Name}: {p.GetValue(caps)}");
        }

        var inner = IRelayStoreDecorator.Driver(store);
        if (inner is IProbeReport report)
        {
            foreach (var line in report.ProbeReport)
            {
                Console.WriteLine($"[{name}] probe: {line}");
            }
        }
    }
}
