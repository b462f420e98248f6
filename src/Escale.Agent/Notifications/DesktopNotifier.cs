using System.Threading.Channels;
using Escale.Agent.Operations;
using Escale.Sync;
using Escale.Sync.Status;
using Microsoft.Extensions.Logging;

namespace Escale.Agent.Notifications;

/// <summary>
/// Feeds <see cref="NotifyPlanner"/> from what the engines already report and hands its decisions to a
/// sink. After each pass: new conflict copies in the local folder (looked for only after a pass that made
/// or pulled something), the pass's over-quota count, the interrupted-write journal; every second (and at the
/// end of each pass): the transfers in flight, so that a large one seen in flight that ends with all its bytes
/// is announced; and an abort of a repository's loop (<see cref="Failed"/>). One loop owned here does the
/// looking and the sending, off the engines' loops; <see cref="DisposeAsync"/> stops it and the sampling timer.
/// </summary>
public sealed class DesktopNotifier : IAsyncDisposable
{
    public static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<RepositoryAgent> _agents;
    private readonly INotificationSink _sink;
    private readonly TimeProvider _time;
    private readonly NotifySettings _settings;
    private readonly ILogger _logger;
    private readonly Channel<Look> _looks = Channel.CreateUnbounded<Look>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, HashSet<string>> _knownCopies = [];
    private readonly Dictionary<Transfer, string> _watched = [];
    private readonly List<(RepositoryAgent Agent, Action<PassResult> Handler)> _subscriptions = [];
    private readonly ITimer _sampler;
    private readonly Task _loop;
    private NotifyMemory _memory = NotifyMemory.Empty;

    private sealed record Look(RepositoryAgent Agent, PassResult? Pass, IReadOnlyList<FinishedTransfer> Finished, string? Fatal);

    public DesktopNotifier(IReadOnlyList<RepositoryAgent> agents, INotificationSink sink, TimeProvider time, NotifySettings settings, ILogger logger)
    {
        _agents = agents;
        _sink = sink;
        _time = time;
        _settings = settings;
        _logger = logger;
        foreach (var a in agents)
        {
            // Copies there before the agent started are old news.
            _knownCopies[a.Config.Name] = Copies(a).Select(c => c.Copy).ToHashSet(StringComparer.Ordinal);
            Action<PassResult> handler = pass =>
            {
                Sample(); // the pass's transfers are over: the large ones seen in flight are told now, not a second later
                _looks.Writer.TryWrite(new Look(a, pass, [], null));
            };
            a.Engine.PassFinished += handler;
            _subscriptions.Add((a, handler));
        }

        _sampler = time.CreateTimer(_ => Sample(), null, SampleEvery, SampleEvery);
        _loop = RunAsync();
    }

    /// <summary>
    /// The notifier for these repositories, or null when none wants one: <c>notify = no</c>, or no session
    /// bus (DBUS_SESSION_BUS_ADDRESS unset) and <c>notify</c> not set. Says why at debug level, once.
    /// </summary>
    public static DesktopNotifier? Create(IReadOnlyList<RepositoryAgent> agents, TimeProvider time, ILoggerFactory logs, INotificationSink? sink = null)
    {
        var logger = logs.CreateLogger("notify");
        var bus = Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
        var wanted = agents.Where(a => a.Config.Notify ?? !string.IsNullOrEmpty(bus)).ToList();
        if (wanted.Count == 0 || (sink is null && string.IsNullOrEmpty(bus)))
        {
            logger.LogDebug("desktop notifications off: {Why}", wanted.Count == 0 && agents.All(a => a.Config.Notify == false) ? "notify = no" : "no session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
            return null;
        }

        return new DesktopNotifier(wanted, sink ?? new DBusNotificationSink(bus!, logger), time, NotifySettings.Default, logger);
    }

    /// <summary>A repository's loop gave up with this line (wrong passphrase, marker mismatch): a person must act.</summary>
    public void Failed(string repository, string line)
    {
        if (_agents.FirstOrDefault(a => a.Config.Name == repository) is { } agent)
        {
            _looks.Writer.TryWrite(new Look(agent, null, [], line));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (agent, handler) in _subscriptions)
        {
            agent.Engine.PassFinished -= handler;
        }

        await _sampler.DisposeAsync();
        Sample();
        _looks.Writer.TryComplete();
        // What was decided before the stop still goes out (an abort's notification comes just before it), within a bound.
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            _logger.LogDebug("notify: a notification was still being sent at shutdown; dropped");
        }

        await _sink.DisposeAsync();
    }

    private async Task RunAsync()
    {
        await foreach (var look in _looks.Reader.ReadAllAsync())
        {
            try
            {
                var (send, memory) = NotifyPlanner.Decide(FactsOf(look), _memory, _time.GetUtcNow(), _settings);
                _memory = memory;
                foreach (var n in send)
                {
                    _logger.LogDebug("notify: {Summary}", n.Summary);
                    using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await _sink.SendAsync(n, bound.Token);
                }
            }
            catch (Exception e)
            {
                // A notification is never worth an agent: whatever went wrong, the loop goes on.
                _logger.LogDebug("notify: {Type}: {Message}", e.GetType().Name, e.Message);
            }
        }
    }

    private NotifyFacts FactsOf(Look look)
    {
        var name = look.Agent.Config.Name;
        if (look.Pass is not { } pass)
        {
            return NotifyFacts.None(name) with { Finished = look.Finished, Fatal = look.Fatal };
        }

        var fresh = new List<ConflictCopy>();
        if (pass.Conflicts > 0 || pass.Pulled > 0)
        {
            var known = _knownCopies[name];
            var now = Copies(look.Agent).ToList();
            fresh.AddRange(now.Where(c => !known.Contains(c.Copy)));
            _knownCopies[name] = now.Select(c => c.Copy).ToHashSet(StringComparer.Ordinal);
        }

        var held = look.Agent.Engine.Context.OpenWrites?.Held.Order(StringComparer.Ordinal).ToList() ?? [];
        return new NotifyFacts(name, fresh, pass.OverQuota, held, [], Expired: pass.Expired.ToList());
    }

    private static IEnumerable<ConflictCopy> Copies(RepositoryAgent agent) => ConflictReport.FindCopies(agent.Engine.Context.Options.LocalRoot);

    /// <summary>On the timer: large transfers in flight are watched; one that left the list with all its bytes moved finished.</summary>
    private void Sample()
    {
        lock (_watched)
        {
            var inFlight = new HashSet<Transfer>();
            foreach (var a in _agents)
            {
                foreach (var t in a.Engine.Reconciler.InFlight.Where(t => t.Total >= _settings.LargeTransfer))
                {
                    inFlight.Add(t);
                    _watched.TryAdd(t, a.Config.Name);
                }
            }

            foreach (var (t, repo) in _watched.Where(w => !inFlight.Contains(w.Key)).ToList())
            {
                _watched.Remove(t);
                if (t.Done >= t.Total && _agents.FirstOrDefault(a => a.Config.Name == repo) is { } agent)
                {
                    _looks.Writer.TryWrite(new Look(agent, null, [new FinishedTransfer(t.Path, t.Direction, t.Done)], null));
                }
            }
        }
    }
}
