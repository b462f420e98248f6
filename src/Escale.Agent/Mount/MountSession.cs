using Escale.Core.Config;
using Escale.Sync.Scanning;
using Escale.Vfs;
using Escale.Vfs.Mirror;
using Escale.WebDavServer;
using Microsoft.Extensions.Logging;

namespace Escale.Agent.Mount;

/// <summary>
/// The one owner of a mount's lifecycle, whatever the front-end: start the agent, build the
/// virtual folder, start the front-end, run the sync loop; then, on a signal, "stop" or the
/// front-end going away: stop accepting changes (unmount), push what is queued (bounded),
/// release the relay locks, and tell "stop" callers it is done. Whoever starts it stops it.
/// </summary>
public static class MountSession
{
    /// <summary>How long a stop may spend pushing what is still queued (the queue is durable).</summary>
    public static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(60);

    /// <param name="target">FUSE or WebDAV, and where.</param>
    /// <param name="tell">One line for the user (stderr in the CLI), e.g. where it is mounted.</param>
    /// <param name="port">The WebDAV front-end's loopback port (0: any free one).</param>
    public static async Task<MountOutcome> RunAsync(RepositoryConfig repo, MountTarget target, int port, ILoggerFactory logs, CancellationTokenSource stop, Action<string> tell)
    {
        var log = logs.CreateLogger(repo.Name);
        var delay = repo.Get("writeback delay", TimeSpan.FromSeconds(3));
        var location = target.Client switch
        {
            _ when !target.WebDav => Path.GetFullPath(target.Location),
            WebDavClient.UrlOnly => null, // stopped with Ctrl+C or escalectl stop
            WebDavClient.NetUse => target.Location,
            _ => Path.GetFullPath(target.Location),
        };
        await using var host = await AgentHost.StartAsync("escale-mount", [repo], logs, stop, location,
            o => o with { PullOnDemand = true, SettleTime = delay });
        var agent = host.Agents[0];
        var bridge = new MountBridge(agent.Engine, FileFilter.From(repo), repo.LocalPath, log);
        var options = new MirrorFolderOptions { FetchTimeout = repo.Get("fetch timeout", TimeSpan.FromSeconds(120)) };
        using var folder = new MirrorFolder(repo.LocalPath, bridge, bridge, options, logs.CreateLogger(repo.Name + "/mount"));
        await using var frontEnd = await StartFrontEndAsync(folder, target, port, agent, logs, stop.Token);
        tell($"{frontEnd.Describe(repo.Name)} (files in {repo.LocalPath}, relay {agent.Store.Description}); stop with Ctrl+C" + (target.Client == WebDavClient.UrlOnly ? "" : $" or escale-mount -u {frontEnd.Location}"));

        var loop = agent.Engine.RunAsync(repo.Refresh > TimeSpan.Zero ? repo.Refresh : TimeSpan.FromSeconds(30), stop.Token);
        await Task.WhenAny(loop, frontEnd.Completion, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        stop.Cancel();

        // Stop accepting writes first (unmount: davfs2 and the redirector upload what they hold), then push what is queued.
        await frontEnd.StopAsync();
        await loop.ContinueWith(_ => { }, TaskScheduler.Default);
        if (loop.Exception?.GetBaseException() is { } refused and not OperationCanceledException)
        {
            host.Notifier?.Failed(repo.Name, refused.Message); // sent before the host goes (it drains its notifier)
            await agent.Engine.ReleaseLocksAsync();
            tell($"unmounted {frontEnd.Location}");
            host.MarkStopped();
            return new MountOutcome(agent.State.Queue.Count, refused);
        }

        var left = await DrainAsync(agent, log);
        await agent.Engine.ReleaseLocksAsync();
        tell($"unmounted {frontEnd.Location}");
        host.MarkStopped();
        return new MountOutcome(left);
    }

    private static async Task<IMountFrontEnd> StartFrontEndAsync(IVirtualFolder folder, MountTarget target, int port, RepositoryAgent agent, ILoggerFactory logs, CancellationToken ct)
    {
        var name = agent.Config.Name;
        if (!target.WebDav)
        {
            return FuseFrontEnd.Mount(folder, target.Location, logs.CreateLogger(name + "/fuse"));
        }

        var options = new WebDavServerOptions
        {
            Port = port,
            Secret = MountSecret.Create(),
            Quota = async c => await agent.Store.GetSpaceAsync(c) is { } s
                ? new WebDavQuota(s.UsedBytes, s.TotalBytes is { } t && s.UsedBytes is { } u ? Math.Max(0, t - u) : null)
                : null,
        };
        return await WebDavMountFrontEnd.StartAsync(folder, target, options, agent.Config.StateDir, logs.CreateLogger(name + "/webdav"), ct);
    }

    private static async Task<int> DrainAsync(RepositoryAgent agent, ILogger log)
    {
        if (agent.State.Queue.Count == 0)
        {
            return 0;
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
        catch (Exception e)
        {
            log.LogWarning("drain stopped: {Message}", e.Message); // best effort: the queue is durable
        }

        var left = agent.State.Queue.Count;
        if (left > 0)
        {
            log.LogWarning("{Count} file(s) still queued; they will be pushed at the next start", left);
        }

        return left;
    }

    /// <summary>Plain-folder sync of the same folder: what escale-mount does where no front-end can run.</summary>
    public static async Task RunPlainAsync(RepositoryConfig repo, ILoggerFactory logs, CancellationTokenSource stop)
    {
        await using var plain = await AgentHost.StartAsync("escale", [repo], logs, stop);
        await plain.Agents[0].Engine.RunAsync(repo.Refresh > TimeSpan.Zero ? repo.Refresh : TimeSpan.FromSeconds(30), stop.Token);
    }
}
