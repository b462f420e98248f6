using System.CommandLine;
using Escale.Agent;
using Escale.Agent.Logging;
using Escale.Cli.Terminal;
using Escale.Core.Config;
using Escale.Sync;
using Microsoft.Extensions.Logging;

namespace Escale.Cli.Commands;

/// <summary><c>escale [-c FILE] [-r SECTION]... [--once]</c>: plain-folder sync, one reconciler per repository.</summary>
public static class SyncCommand
{
    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository (configuration section) to synchronize; repeat for several (default: all)");
        var once = new Option<bool>("--once") { Description = "one full pass, then exit: 0 only if everything went through" };
        var logLevel = Cli.LogLevelOption();
        var init = new Option<string?>("--init", "-i")
        {
            Description = "configuration wizard: asks for a repository, tests the relay, appends it to the configuration (-c FILE or the default); with FILE, imports FILE's sections (all, or those named by -r)",
            HelpName = "FILE",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var daemon = new Option<bool>("--daemon", "-d") { Description = "run in the background (detached, output to the log file); prints the PID" };
        var autoRestart = new Option<int?>("--auto-restart")
        {
            Description = $"when the agent aborts on an error, start it again after SECONDS (default {AgentSupervisor.DefaultRestartSeconds}), at most --max-restarts times (the original's -r; here -r is --repository)",
            HelpName = "SECONDS",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var maxRestarts = new Option<int>("--max-restarts")
        {
            Description = "how many times --auto-restart may restart before giving up with the error's exit code",
            HelpName = "N",
            DefaultValueFactory = _ => AgentSupervisor.DefaultMaxRestarts,
        };
        var root = new Command("escale", """
            escale: synchronize folders between computers through a passive relay
            (a local or network folder, an FTP/FTPS or WebDAV account). Each configuration
            section is a repository: a local folder and a relay folder. Without --once it keeps
            running (adaptive refresh) until Ctrl+C, then releases its locks and exits.
            """)
        {
            config, sections, once, logLevel, init, daemon, autoRestart, maxRestarts,
            DocsCommands.Completion(), DocsCommands.Man(),
        };
        Cli.AddHelpAndVersion(root);
        root.SetAction(parse =>
        {
            if (parse.GetResult(init) is not null)
            {
                return WizardCommand.Run(parse.GetValue(config), parse.GetValue(init), parse.GetValue(sections) ?? [], WizardConsole.FromStandardStreams());
            }

            var restart = parse.GetResult(autoRestart) is null ? (TimeSpan?)null
                : TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(autoRestart) ?? AgentSupervisor.DefaultRestartSeconds));
            var service = new ServiceSettings(parse.GetValue(daemon), restart, Math.Max(0, parse.GetValue(maxRestarts)));
            return Run(parse.GetValue(config), parse.GetValue(sections) ?? [], parse.GetValue(once), parse.GetValue(logLevel), service);
        });
        return root;
    }

    private static int Run(string? configFile, string[] sections, bool once, string? logLevel, ServiceSettings service)
    {
        using var cts = Cli.Signals(out var registrations);
        using (registrations)
        {
            try
            {
                var config = ConfigLoader.Load(configFile, ConfigLoader.DefaultLocalPath());
                var repos = config.Select(sections);
                if (service.Daemon)
                {
                    return DaemonStart.Run(config.File, sections, once, logLevel, service, repos);
                }

                // On a terminal, log lines print above the transfers' live area (installed before the
                // loggers, which keep the console writer they find).
                using var area = TransferProgress.OnTerminal ? ConsoleArea.Install() : null;
                using var logs = Logs.Create(repos, logLevel, console: !Daemon.IsDaemon || repos[0].GetPath("log file") is null);
                var supervisor = new AgentSupervisor(repos, logs, service.AutoRestart, service.MaxRestarts);
                return supervisor.RunAsync((attempt, aborted) => RunAsync(repos, once, logs, area?.Area, attempt, aborted), cts).GetAwaiter().GetResult();
            }
            catch (Exception e) when (Cli.Explain(e) is { } x)
            {
                Console.Error.WriteLine("escale: " + x.Line);
                return x.Code;
            }
        }
    }

    private static async Task<int> RunAsync(IReadOnlyList<RepositoryConfig> repos, bool once, ILoggerFactory logs, LiveArea? area, CancellationTokenSource stop, AgentSupervisor.AbortHandler aborted)
    {
        await using var host = await AgentHost.StartAsync("escale", repos, logs, stop);
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var progress = TransferProgress.RunAsync(host.Agents, logs.CreateLogger("progress"), area, TimeProvider.System, progressStop.Token);
        try
        {
            // A repository that gives up (wrong passphrase, marker mismatch) is news for the desktop too.
            async Task Aborted(string? repository, string line, int code)
            {
                if (repository is not null)
                {
                    host.Notifier?.Failed(repository, line);
                }

                await aborted(repository, line, code);
            }

            var runs = host.Agents.Select(a => RunOneAsync(a, once || a.Config.Refresh == TimeSpan.Zero, Aborted, stop.Token)).ToList();
            var codes = await Task.WhenAll(runs);
            return stop.IsCancellationRequested ? ExitCodes.Interrupted : codes.Max();
        }
        finally
        {
            await progressStop.CancelAsync();
            await progress;
            foreach (var a in host.Agents)
            {
                await a.Engine.ReleaseLocksAsync();
            }
        }
    }

    private static async Task<int> RunOneAsync(RepositoryAgent agent, bool once, AgentSupervisor.AbortHandler aborted, CancellationToken cancellationToken)
    {
        var log = agent.Logger;
        try
        {
            if (!once)
            {
                log.LogInformation("syncing {Local} with {Relay} as {Client} (refresh {Refresh} s)", agent.Config.LocalPath, agent.Store.Description, agent.Config.Client, (int)agent.Config.Refresh.TotalSeconds);
                await agent.Engine.RunAsync(agent.Config.Refresh, cancellationToken);
                return ExitCodes.Ok;
            }

            var result = await agent.Engine.RunOnceAsync(cancellationToken);
            Console.Error.WriteLine($"[{agent.Config.Name}] {result}");
            foreach (var f in result.Failures)
            {
                Console.Error.WriteLine($"[{agent.Config.Name}] failed: {f}");
            }

            return result.IsComplete ? ExitCodes.Ok : ExitCodes.Incomplete;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.LogInformation("stopped");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (Cli.Explain(e) is { } x)
        {
            log.LogError("{Line}", x.Line);
            await aborted(agent.Config.Name, x.Line, x.Code);
            return x.Code;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Unexpected: still one line (detail at debug level), and the maintainer hears of it.
            var line = $"internal error: {e.GetType().Name}: {e.Message}";
            log.LogError("{Line}", line);
            log.LogDebug(e, "unexpected exception");
            await aborted(agent.Config.Name, line, ExitCodes.Internal);
            return ExitCodes.Internal;
        }
    }
}
