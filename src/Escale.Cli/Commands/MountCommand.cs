using System.CommandLine;
using Escale.Agent;
using Escale.Agent.Control;
using Escale.Agent.Logging;
using Escale.Agent.Mount;
using Escale.Core.Config;
using Escale.Fuse;
using Escale.Sync;
using Escale.Sync.Scanning;
using Escale.Vfs;
using Escale.Vfs.Mirror;
using Microsoft.Extensions.Logging;

namespace Escale.Cli.Commands;

/// <summary><c>escale-mount [-c FILE] [-r SECTION] MOUNTPOINT</c> and <c>escale-mount -u MOUNTPOINT</c>.</summary>
public static class MountCommand
{
    /// <summary>How long a stop may spend pushing what is still queued before it gives up (the queue is durable).</summary>
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(60);

    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var section = new Option<string?>("--repository", "-r") { Description = "the section to mount when the configuration has several", HelpName = "SECTION" };
        var unmount = new Option<bool>("--unmount", "-u") { Description = "stop the agent serving MOUNTPOINT: drain its queue (bounded), release locks, unmount" };
        var logLevel = Cli.LogLevelOption();
        var mountpoint = new Argument<string>("MOUNTPOINT") { Description = "an empty directory where the repository appears" };
        var root = new Command("escale-mount", """
            escale-mount: a repository as a mounted folder (FUSE). Files written and closed in the
            mount are pushed to the relay after a settle delay ('writeback delay', default 3 s);
            files other nodes offer appear with their size and are fetched when opened. The mount's
            files live in the section's 'local path' (the mirror), shared with plain 'escale'.
            Without FUSE (no /dev/fuse or libfuse3) it says so and runs plain-folder sync instead.
            """)
        {
            config, section, unmount, logLevel, mountpoint,
        };
        Cli.AddHelpAndVersion(root);
        root.SetAction(parse => parse.GetValue(unmount)
            ? UnmountAsync(parse.GetValue(mountpoint)!).GetAwaiter().GetResult()
            : Run(parse.GetValue(config), parse.GetValue(section), parse.GetValue(mountpoint)!, parse.GetValue(logLevel)));
        return root;
    }

    private static int Run(string? configFile, string? section, string mountPoint, string? logLevel)
    {
        using var cts = Cli.Signals(out var registrations);
        using (registrations)
        {
            try
            {
                mountPoint = Path.GetFullPath(mountPoint);
                var config = ConfigLoader.Load(configFile, Path.Combine(DefaultConfig.DataDir(), "mirror"));
                var repo = section is not null ? config.Select([section])[0]
                    : config.Repositories.Count == 1 ? config.Repositories[0]
                    : throw new ConfigException($"{config.File}: several repositories ({string.Join(", ", config.Repositories.Select(r => r.Name))}); choose one with -r SECTION");
                using var logs = Logs.Create(Logs.Parse(logLevel ?? repo.GetOrNull<string>("log level")), repo.GetPath("log file"));
                return RunAsync(repo, mountPoint, logs, cts).GetAwaiter().GetResult();
            }
            catch (Exception e) when (Cli.Explain(e) is { } x)
            {
                Console.Error.WriteLine("escale-mount: " + x.Line);
                return x.Code;
            }
            catch (MountException e)
            {
                Console.Error.WriteLine("escale-mount: " + e.Message);
                return ExitCodes.Usage;
            }
        }
    }

    private static async Task<int> RunAsync(RepositoryConfig repo, string mountPoint, ILoggerFactory logs, CancellationTokenSource stop)
    {
        var log = logs.CreateLogger(repo.Name);
        if (FuseHost.Availability() is { } why)
        {
            Console.Error.WriteLine($"escale-mount: FUSE is not available ({why}); running plain-folder sync of {repo.LocalPath} instead");
            await using var plain = await AgentHost.StartAsync("escale", [repo], logs, stop);
            await plain.Agents[0].Engine.RunAsync(repo.Refresh > TimeSpan.Zero ? repo.Refresh : TimeSpan.FromSeconds(30), stop.Token);
            return ExitCodes.Interrupted;
        }

        var delay = repo.Get("writeback delay", TimeSpan.FromSeconds(3));
        await using var host = await AgentHost.StartAsync("escale-mount", [repo], logs, stop, mountPoint,
            o => o with { PullOnDemand = true, SettleTime = delay });
        var agent = host.Agents[0];
        var bridge = new MountBridge(agent.Engine, FileFilter.From(repo), repo.LocalPath, log);
        var options = new MirrorFolderOptions { FetchTimeout = repo.Get("fetch timeout", TimeSpan.FromSeconds(120)) };
        using var folder = new MirrorFolder(repo.LocalPath, bridge, bridge, options, logs.CreateLogger(repo.Name + "/mount"));
        using var fuse = FuseHost.Mount(folder, mountPoint, new FuseMountOptions { HandleSignals = false }, logs.CreateLogger(repo.Name + "/fuse"));
        Console.Error.WriteLine($"mounted [{repo.Name}] on {mountPoint} (files in {repo.LocalPath}, relay {agent.Store.Description}); stop with Ctrl+C or escale-mount -u {mountPoint}");

        var loop = agent.Engine.RunAsync(repo.Refresh > TimeSpan.Zero ? repo.Refresh : TimeSpan.FromSeconds(30), stop.Token);
        await Task.WhenAny(loop, fuse.Completion, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        stop.Cancel();

        // Stop accepting writes first (unmount), then push what is still queued, within a bound.
        fuse.Unmount();
        await loop.ContinueWith(_ => { }, TaskScheduler.Default);

        // The relay is connected by the loop (an unreachable one only makes it wait): a permanent
        // refusal (login, missing relay folder, marker mismatch) ends it, and is this command's error.
        if (loop.Exception?.GetBaseException() is { } failure && Cli.Explain(failure) is { } refused)
        {
            log.LogError("{Line}", refused.Line);
            await agent.Engine.ReleaseLocksAsync();
            Console.Error.WriteLine($"unmounted {mountPoint}");
            host.MarkStopped();
            return refused.Code;
        }

        var code = await DrainAsync(agent, log);
        await agent.Engine.ReleaseLocksAsync();
        Console.Error.WriteLine($"unmounted {mountPoint}");
        host.MarkStopped();
        return code;
    }

    private static async Task<int> DrainAsync(RepositoryAgent agent, ILogger log)
    {
        if (agent.State.Queue.Count == 0)
        {
            return ExitCodes.Ok;
        }

        log.LogInformation("pushing {Count} queued file(s) before stopping (at most {Seconds} s)", agent.State.Queue.Count, (int)DrainBound.TotalSeconds);
        using var bound = new CancellationTokenSource(DrainBound);
        try
        {
            await agent.Engine.RunOnceAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (Cli.Explain(e) is not null)
        {
            log.LogWarning("drain stopped: {Message}", e.Message);
        }

        var left = agent.State.Queue.Count;
        if (left > 0)
        {
            log.LogWarning("{Count} file(s) still queued; they will be pushed at the next start", left);
            return ExitCodes.Incomplete;
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> UnmountAsync(string mountPoint)
    {
        mountPoint = Path.GetFullPath(mountPoint);
        foreach (var (socket, info) in await ControlClient.DiscoverAsync())
        {
            if (info.Repositories.Any(r => r.MountPoint == mountPoint))
            {
                Console.Error.WriteLine($"asking agent {info.ProcessId} to drain and unmount {mountPoint}...");
                var reply = await ControlClient.SendAsync(socket, new ControlRequest("stop"), DrainBound + TimeSpan.FromSeconds(30));
                if (reply is { Ok: true })
                {
                    Console.Error.WriteLine($"unmounted {mountPoint}");
                    return ExitCodes.Ok;
                }

                Console.Error.WriteLine($"escale-mount: the agent did not confirm: {reply?.Error ?? "no answer"}");
                return ExitCodes.Incomplete;
            }
        }

        // No agent serves it: a leftover mount of a crashed agent, or not a mount at all.
        if (FuseHost.IsMounted(mountPoint))
        {
            FuseHost.Detach(mountPoint, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            Console.Error.WriteLine($"no running agent served {mountPoint}; removed the stale mount");
            return ExitCodes.Ok;
        }

        Console.Error.WriteLine($"escale-mount: {mountPoint} is not an escale mount");
        return ExitCodes.Usage;
    }
}
