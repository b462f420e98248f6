using System.Text.Json;
using Escale.Agent.Control;
using Escale.Agent.Operations;
using Escale.Core.Config;
using Escale.Sync;
using Microsoft.Extensions.Logging;

namespace Escale.Agent;

/// <summary>
/// A running agent process: its repositories and its control socket. "stop" asks it to shut down
/// cleanly (drain, release locks, unmount) and answers once that is done; "status" reports every
/// repository's engine.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ControlServer? _control;
    private readonly AgentPause _pause;

    private AgentHost(string kind, IReadOnlyList<RepositoryAgent> agents, CancellationTokenSource stop, string? mountPoint, ILoggerFactory logs)
    {
        _pause = new AgentPause(agents, TimeProvider.System, logs.CreateLogger("pause"));
        Kind = kind;
        Agents = agents;
        Stop = stop;
        MountPoint = mountPoint;
    }

    public string Kind { get; }

    public IReadOnlyList<RepositoryAgent> Agents { get; }

    /// <summary>Cancelled by a signal or by the "stop" command.</summary>
    public CancellationTokenSource Stop { get; }

    public string? MountPoint { get; }

    /// <summary>Desktop notifications; null when off (<c>notify = no</c>, or no session bus).</summary>
    public Notifications.DesktopNotifier? Notifier { get; private set; }

    public ControlServer Control => _control ?? throw new InvalidOperationException("not started");

    public static async Task<AgentHost> StartAsync(
        string kind, IReadOnlyList<RepositoryConfig> repos, ILoggerFactory logs, CancellationTokenSource stop,
        string? mountPoint = null, Func<SyncOptions, SyncOptions>? adjust = null)
    {
        var agents = new List<RepositoryAgent>();
        var bandwidth = AgentBandwidth.From(repos, TimeProvider.System);
        try
        {
            foreach (var repo in repos)
            {
                agents.Add(await RepositoryAgent.OpenAsync(repo, logs, TimeProvider.System, stop.Token, adjust, bandwidth));
            }
        }
        catch
        {
            foreach (var a in agents)
            {
                await a.DisposeAsync();
            }

            throw;
        }

        var host = new AgentHost(kind, agents, stop, mountPoint, logs);
        host.Notifier = Notifications.DesktopNotifier.Create(agents, TimeProvider.System, logs);
        host._control = ControlServer.Start(host.Describe, logs.CreateLogger("control"));
        host._control.Handle("stop", host.StopAsync);
        host._control.Handle("status", host.StatusOfAsync);
        host._control.Handle("access", (r, _) => Task.FromResult(host.AccessOf(r)));
        host._control.Handle("nudge", (r, _) => Task.FromResult(host.NudgeOf(r)));
        host._control.Handle("confirm", (r, _) => Task.FromResult(host.ConfirmOf(r)));
        host._control.Handle("pause", (r, _) => Task.FromResult(host._pause.Pause(r)));
        host._control.Handle("resume", (r, _) => Task.FromResult(host._pause.Resume(r)));
        host._control.Handle("resolve", (r, _) => Task.FromResult(host.ResolveOf(r)));
        host._control.Handle("bwlimit", (r, _) => Task.FromResult(AgentBandwidth.Handle(bandwidth, r, logs.CreateLogger("bandwidth"))));
        return host;
    }

    /// <summary>Tells "stop" callers that the shutdown finished.</summary>
    public void MarkStopped() => _stopped.TrySetResult();

    public AgentInfo Describe() => new(
        Environment.ProcessId,
        Kind,
        Agents.Select(a => new AgentRepository(a.Config.Name, Path.GetFullPath(a.Config.File), a.Config.LocalPath, a.Config.StateDir, a.Store.Description, MountPoint)).ToList());

    public async ValueTask DisposeAsync()
    {
        // Finish the repositories (locks released, state closed), then tell "stop" callers, and only
        // then close the control socket, which lets their reply go out before it goes away.
        _pause.Dispose(); // its timers would resume engines that are going away
        if (Notifier is not null)
        {
            await Notifier.DisposeAsync(); // after the last pass's news went out, before the engines go
        }

        foreach (var a in Agents)
        {
            await a.DisposeAsync();
        }

        MarkStopped();
        if (_control is not null)
        {
            await _control.DisposeAsync();
        }
    }

    private async Task<ControlResponse> StopAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        Stop.Cancel();
        await _stopped.Task.WaitAsync(cancellationToken);
        return new ControlResponse(true);
    }

    /// <summary>"status" with this Value: the queue and transfers are all the caller needs (wait-idle polls), no relay look.</summary>
    public const string StatusLocalOnly = "local";

    private async Task<ControlResponse> StatusOfAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        var selected = Agents.Where(a => request.Repository is null || a.Config.Name == request.Repository).ToList();
        if (selected.Count == 0)
        {
            return ControlServer.Fail($"no repository '{request.Repository}' in this agent");
        }

        var statuses = new Dictionary<string, Escale.Sync.Status.RepositoryStatus>();
        foreach (var a in selected)
        {
            statuses[a.Config.Name] = await a.Engine.GetStatusAsync(request.Value != StatusLocalOnly, cancellationToken);
        }

        return new ControlResponse(true, null, JsonSerializer.SerializeToElement(statuses));
    }

    /// <summary>
    /// "access": Path = the file relative to the local folder; Value = space-separated flags to set
    /// (none = query). The agent owns the state, so escalectl cannot change it while the agent runs.
    /// </summary>
    private ControlResponse AccessOf(ControlRequest request)
    {
        var agent = Agents.FirstOrDefault(a => a.Config.Name == request.Repository);
        if (agent is null || string.IsNullOrEmpty(request.Path))
        {
            return ControlServer.Fail(agent is null ? $"no repository '{request.Repository}' in this agent" : "access: no file given");
        }

        var flags = agent.State.GetAccess(request.Path);
        if (!string.IsNullOrWhiteSpace(request.Value))
        {
            try
            {
                flags = AccessText.Apply(flags, request.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            catch (OperationException e)
            {
                return ControlServer.Fail(e.Message);
            }

            agent.State.SetAccess(request.Path, flags);
            agent.Engine.Nudge(); // a newly allowed push or pull should not wait for the next refresh
        }

        return new ControlResponse(true, null, JsonSerializer.SerializeToElement(flags.ToString()));
    }

    /// <summary>"confirm": Path = a file held back as an interrupted write; the user releases it as it is.</summary>
    private ControlResponse ConfirmOf(ControlRequest request)
    {
        var agent = Agents.FirstOrDefault(a => a.Config.Name == request.Repository);
        if (agent?.Engine.Reconciler.Context.OpenWrites is not { } journal || string.IsNullOrEmpty(request.Path))
        {
            return ControlServer.Fail(agent is null ? $"no repository '{request.Repository}' in this agent" : "confirm: no file given");
        }

        var released = journal.Confirm(request.Path);
        if (released)
        {
            agent.Engine.Nudge();
        }

        return new ControlResponse(true, null, JsonSerializer.SerializeToElement(released));
    }

    /// <summary>
    /// "resolve": Path = the file or one of its conflict copies (relative to the local folder); Value =
    /// mine, theirs or both. Refused while either is in transfer; the next pass starts at once to send the result.
    /// </summary>
    private ControlResponse ResolveOf(ControlRequest request)
    {
        var agent = Agents.FirstOrDefault(a => a.Config.Name == request.Repository);
        if (agent is null || string.IsNullOrEmpty(request.Path) || request.Value is null)
        {
            return ControlServer.Fail(agent is null ? $"no repository '{request.Repository}' in this agent" : "resolve: no file or no --keep given");
        }

        try
        {
            var keep = ConflictResolve.ParseKeep(request.Value);
            var (file, copies) = ConflictResolve.Find(agent.Engine.Context.Options.LocalRoot, request.Path);
            var busy = agent.Engine.Reconciler.InFlight.Select(t => t.Path).Intersect(copies.Select(c => c.Copy).Append(file)).FirstOrDefault();
            if (busy is not null)
            {
                return ControlServer.Fail($"{busy} is being transferred; try again when it is done");
            }

            var outcome = ConflictResolve.Apply(agent.Engine.Context.Options.LocalRoot, file, copies, keep, agent.Engine.Context.Time);
            agent.Engine.Nudge();
            return new ControlResponse(true, null, JsonSerializer.SerializeToElement(outcome));
        }
        catch (Exception e) when (e is OperationException or IOException or UnauthorizedAccessException)
        {
            return ControlServer.Fail(e.Message);
        }
    }

    /// <summary>"nudge": start the next pass now instead of after the refresh wait (escalectl wait-idle).</summary>
    private ControlResponse NudgeOf(ControlRequest request)
    {
        foreach (var a in Agents.Where(a => request.Repository is null || a.Config.Name == request.Repository))
        {
            a.Engine.Nudge();
        }

        return new ControlResponse(true);
    }
}
