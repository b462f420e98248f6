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
            await StopAsync(socket, info.ProcessId, cancellationToken);
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

    /// <summary>
    /// Sends "stop" and waits until the process is gone. The agent closes its control socket while
    /// shutting down, so the reply may never come: a dropped connection counts as "stopping".
    /// </summary>
    private static async Task StopAsync(string socket, int processId, CancellationToken cancellationToken)
    {
        ControlResponse? reply;
        try
        {
            reply = await ControlClient.SendAsync(socket, new ControlRequest("stop"), TimeSpan.FromMinutes(10), cancellationToken);
        }
        catch (IOException)
        {
            reply = null;
        }

        if (reply is { Ok: false })
        {
            throw new Agent.Operations.OperationException($"agent {processId} refused to stop: {reply.Error}");
        }

        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10);
        while (IsAlive(processId))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new Agent.Operations.OperationException($"agent {processId} is still running 10 minutes after 'stop'");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(processId);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
