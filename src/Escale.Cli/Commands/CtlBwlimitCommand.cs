using System.CommandLine;
using System.Text.Json;
using Escale.Agent;
using Escale.Agent.Control;
using Escale.Agent.Operations;
using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>bwlimit [RATE]</c>: shows or changes the bandwidth limits of the running agent of a repository,
/// at once and for the transfers under way (until it restarts; the configuration keeps its own value).
/// </summary>
public static class CtlBwlimitCommand
{
    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository whose agent to ask (needed when there are several)");
        var rate = new Argument<string?>("RATE")
        {
            Description = "2M, 512K, 1.5G (bytes per second, binary units, KiB when no unit), UP:DOWN, or off; none: show the limits",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var json = Json.CtlJson.Option();
        var command = new Command("bwlimit", "show or change a running agent's bandwidth limits")
        {
            config, sections, rate, json,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var value = parse.GetValue(rate);
            if (value is not null)
            {
                try
                {
                    _ = ByteRate.ParsePair(value); // refuse a bad rate before looking for an agent
                }
                catch (FormatException)
                {
                    throw new OperationException($"invalid rate '{value}': allowed: {ByteRate.Allowed}");
                }
            }

            var repo = CtlRun.SelectOne(parse.GetValue(config), null, parse.GetValue(sections) ?? []);
            var agents = await CtlAgents.DiscoverAsync(ct);
            if (CtlAgents.Find(agents, repo) is not { } agent)
            {
                throw new OperationException($"[{repo.Name}]: no agent is running; set 'bandwidth limit' in {repo.File} instead");
            }

            var reply = await CtlAgents.SendAsync(agent.Socket, new ControlRequest("bwlimit", CtlAgents.NameIn(agent.Info, repo), null, value), ct);
            var now = reply.Data?.Deserialize<BandwidthReport>() ?? new BandwidthReport(null, null);
            if (parse.GetValue(json))
            {
                Json.CtlJson.Write(new Json.JsonShapes.BandwidthJson(now.Upload, now.Download));
            }
            else
            {
                Console.WriteLine($"upload: {ByteRate.Format(now.Upload)}, download: {ByteRate.Format(now.Download)}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
