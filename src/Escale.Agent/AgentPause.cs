using System.Globalization;
using System.Text.Json;
using Escale.Agent.Control;
using Microsoft.Extensions.Logging;

namespace Escale.Agent;

/// <summary>
/// "pause" and "resume" on the control socket. A paused engine starts no pass (the pass under way
/// finishes, its transfers are not cut); the control socket and the mount keep serving (a file opened in
/// the mount is still fetched on demand: the user asked for it). <c>--for</c> arms a timer that this
/// class owns and disposes: the agent ends the pause, not the escalectl that asked. A pause lives in
/// the process only: an agent that restarts runs.
/// </summary>
public sealed class AgentPause(IReadOnlyList<RepositoryAgent> agents, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly Dictionary<string, (ITimer Timer, long Generation)> _timers = [];
    private long _generation;

    /// <summary>What "pause" and "resume" answer, per repository: null times = running.</summary>
    public sealed record State(DateTimeOffset? PausedSince, DateTimeOffset? PausedUntil);

    /// <summary>"pause": Repository = one (null: all); Value = seconds until it resumes by itself (null: until "resume").</summary>
    public ControlResponse Pause(ControlRequest request)
    {
        TimeSpan? span = null;
        if (request.Value is { } v)
        {
            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > TimeSpan.FromDays(366).TotalSeconds)
            {
                return ControlServer.Fail($"pause: invalid duration '{v}' (seconds, more than 0)");
            }

            span = TimeSpan.FromSeconds(seconds);
        }

        return Each(request, agent =>
        {
            var until = span is { } s ? time.GetUtcNow() + s : (DateTimeOffset?)null;
            agent.Engine.Pause(until);
            DropTimer(agent.Config.Name);
            if (span is { } due)
            {
                // The callback runs on a pool thread; Resume only flips a flag and nudges the loop.
                var generation = ++_generation; // a timer replaced before it fired must not end the newer pause
                _timers[agent.Config.Name] = (time.CreateTimer(_ => ResumeByTimer(agent, generation), null, due, Timeout.InfiniteTimeSpan), generation);
            }

            logger.LogInformation("[{Repository}] paused{Until}", agent.Config.Name, until is { } u ? $" until {u:u}" : "");
        });
    }

    /// <summary>"resume": Repository = one (null: all).</summary>
    public ControlResponse Resume(ControlRequest request) => Each(request, agent =>
    {
        DropTimer(agent.Config.Name);
        if (agent.Engine.Resume())
        {
            logger.LogInformation("[{Repository}] resumed", agent.Config.Name);
        }
    });

    public void Dispose()
    {
        lock (_timers)
        {
            foreach (var t in _timers.Values)
            {
                t.Timer.Dispose();
            }

            _timers.Clear();
        }
    }

    private ControlResponse Each(ControlRequest request, Action<RepositoryAgent> act)
    {
        var selected = agents.Where(a => request.Repository is null || a.Config.Name == request.Repository).ToList();
        if (selected.Count == 0)
        {
            return ControlServer.Fail($"no repository '{request.Repository}' in this agent");
        }

        var states = new Dictionary<string, State>();
        lock (_timers)
        {
            foreach (var a in selected)
            {
                act(a);
                states[a.Config.Name] = new State(a.Engine.PausedSince, a.Engine.PausedUntil);
            }
        }

        return new ControlResponse(true, null, JsonSerializer.SerializeToElement(states));
    }

    private void ResumeByTimer(RepositoryAgent agent, long generation)
    {
        lock (_timers)
        {
            if (!_timers.TryGetValue(agent.Config.Name, out var mine) || mine.Generation != generation)
            {
                return; // replaced by a later pause or ended by "resume"
            }

            DropTimer(agent.Config.Name);
            if (agent.Engine.Resume())
            {
                logger.LogInformation("[{Repository}] pause ended; resumed", agent.Config.Name);
            }
        }
    }

    private void DropTimer(string name)
    {
        if (_timers.Remove(name, out var entry))
        {
            entry.Timer.Dispose();
        }
    }
}
