using System.CommandLine;
using Escale.Agent.Control;
using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>stop</c>: asks the agents running the selected repositories to shut down cleanly (drain,
/// release locks, unmount) and waits until they did. An agent runs all the repositories it was
/// started with: stopping one of them stops that whole agent process.
/// <c>restart</c>: the same, then starts each agent again with its own command line, working
/// folder and environment (read from /proc before stopping it); its output goes to a file.
/// </summary>
public static class CtlStopCommand
{
    public static Command Build(bool restart)
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository whose agent to stop (default: all)");
        var command = new Command(restart ? "restart" : "stop", restart
            ? "stop the agents of the selected repositories, then start them again the same way"
            : "stop the agents running the selected repositories (clean shutdown)")
        {
            config, sections,
        };
        command.SetAction(parse => CtlRun.Run(ct => RunAsync(CtlRun.Select(parse.GetValue(config), parse.GetValue(sections) ?? []), restart, ct)));
        return command;
    }

    private static async Task<int> RunAsync(IReadOnlyList<RepositoryConfig> repos, bool restart, CancellationToken cancellationToken)
    {
        var agents = await CtlAgents.DiscoverAsync(cancellationToken);
        var targets = repos.Select(r => CtlAgents.Find(agents, r)).OfType<(string Socket, AgentInfo Info)>().DistinctBy(a => a.Socket).ToList();
        if (targets.Count == 0)
        {
            Console.WriteLine($"no agent runs for {string.Join(", ", repos.Select(r => r.Name))}: nothing to stop");
            return restart ? ExitCodes.Incomplete : ExitCodes.Ok;
        }

        foreach (var (socket, info) in targets)
        {
            var launch = restart ? AgentLaunch.Capture(info.ProcessId) : null;
            var names = string.Join(", ", info.Repositories.Select(r => r.Name));
            Console.WriteLine($"stopping {info.Kind} (pid {info.ProcessId}: {names})...");
            await CtlAgents.SendAsync(socket, new ControlRequest("stop"), cancellationToken, TimeSpan.FromMinutes(10));
            Console.WriteLine($"stopped {info.Kind} (pid {info.ProcessId})");
            if (restart)
            {
                if (launch is null)
                {
                    Console.WriteLine($"cannot read how pid {info.ProcessId} was started: start it again yourself");
                    return ExitCodes.Incomplete;
                }

                var pid = launch.Start();
                Console.WriteLine($"started again: pid {pid}, output in {launch.OutputFile}");
            }
        }

        return ExitCodes.Ok;
    }
}
