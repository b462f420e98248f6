using System.CommandLine;
using Escale.Agent;
using Escale.Agent.Logging;
using Escale.Core.Config;
using Escale.Sync;
using Microsoft.Extensions.Logging;

namespace Escale.Cli.Commands;

/// <summary><c>escale [-c FILE] [-r SECTION]... [--once]</c>: plain-folder sync, one reconciler per repository.</summary>
public static class SyncCommand
{
    public static RootCommand Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository (configuration section) to synchronize; repeat for several (default: all)");
        var once = new Option<bool>("--once") { Description = "one full pass, then exit: 0 only if everything went through" };
        var logLevel = Cli.LogLevelOption();
        var root = new RootCommand("""
            escale: synchronize folders between computers through a passive relay
            (a local or network folder, an FTP/FTPS or WebDAV account). Each configuration
            section is a repository: a local folder and a relay folder. Without --once it keeps
            running (adaptive refresh) until Ctrl+C, then releases its locks and exits.
            """)
        {
            config, sections, once, logLevel,
        };
        root.SetAction(parse => Run(parse.GetValue(config), parse.GetValue(sections) ?? [], parse.GetValue(once), parse.GetValue(logLevel)));
        return root;
    }

    private static int Run(string? configFile, string[] sections, bool once, string? logLevel)
    {
        using var cts = Cli.Signals(out var registrations);
        using (registrations)
        {
            try
            {
                var config = ConfigLoader.Load(configFile, ConfigLoader.DefaultLocalPath());
                var repos = config.Select(sections);
                var first = repos[0];
                using var logs = Logs.Create(Logs.Parse(logLevel ?? first.GetOrNull<string>("log level")), first.GetPath("log file"));
                return RunAsync(repos, once, logs, cts).GetAwaiter().GetResult();
            }
            catch (Exception e) when (Cli.Explain(e) is { } x)
            {
                Console.Error.WriteLine("escale: " + x.Line);
                return x.Code;
            }
        }
    }

    private static async Task<int> RunAsync(IReadOnlyList<RepositoryConfig> repos, bool once, ILoggerFactory logs, CancellationTokenSource stop)
    {
        await using var host = await AgentHost.StartAsync("escale", repos, logs, stop);
        try
        {
            var runs = host.Agents.Select(a => RunOneAsync(a, once || a.Config.Refresh == TimeSpan.Zero, stop.Token)).ToList();
            var codes = await Task.WhenAll(runs);
            return stop.IsCancellationRequested ? ExitCodes.Interrupted : codes.Max();
        }
        finally
        {
            foreach (var a in host.Agents)
            {
                await a.Engine.ReleaseLocksAsync();
            }
        }
    }

    private static async Task<int> RunOneAsync(RepositoryAgent agent, bool once, CancellationToken cancellationToken)
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
            return x.Code;
        }
    }
}
