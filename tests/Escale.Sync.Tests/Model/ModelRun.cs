using Escale.Relay;
using Escale.Testing;

namespace Escale.Sync.Tests.Model;

/// <summary>
/// Runs one <see cref="Schedule"/> against real engines on one local-folder relay and checks it
/// against a model: the files (path → content) the user's operations leave, in order.
///
/// Epochs, to keep the model exact: each user operation happens on one online node, then every online
/// node syncs until quiet (an epoch) before the next step; offline nodes take no user operations.
/// Concurrency is confined to two explicit steps, each resolved by the documented rule: concurrent edits
/// keep both versions (one at the name, the other as a "*.escale-conflict-*" copy that the model then
/// adopts under the name the engine chose), and an edit wins over a concurrent deletion. Randomised
/// between epochs: nodes going offline and back, late joiners, kills (a pass dying after N relay
/// operations, the node rebuilt from its state folder).
/// With a quota, pushes may wait for space that only an offline node's pull frees, so an epoch need not
/// deliver; then each file's operations stay on the node that created it (ownership moves with a rename),
/// concurrency steps are skipped, and only the final state is compared.
/// </summary>
internal sealed class ModelRun : IDisposable
{
    private static readonly string[] Pool = ["a.txt", "b.txt", "c.md", "sub/d.txt", "sub/deep/e.txt", "f"];
    private const int MaxNodes = 5;
    private const int MaxRounds = 25;

    private readonly ScratchDir _dir = new();
    // Starts at the real time: the engine compares it with relay mtimes (a rename's grace).
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly List<ModelNode> _nodes = [];
    private readonly SortedDictionary<string, string> _model = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelNode> _owner = [];
    private readonly List<string> _trace = [];
    private readonly DateTime _mtimeBase = DateTime.UtcNow.AddDays(-1);
    private readonly long? _quota;
    private readonly string _relay;
    private int _writes;

    /// <summary>Summed over every run of the process.</summary>
    public static ModelStats Stats { get; } = new();

    public ModelRun(long? quota)
    {
        _quota = quota;
        _relay = _dir.Sub("relay");
    }

    public async Task RunAsync(Schedule schedule)
    {
        if (_quota is not null)
        {
            Stats.Add(ModelStats.QuotaRuns);
        }

        for (var i = 0; i < schedule.Nodes; i++)
        {
            AddNode();
        }

        await SettleAsync("start", final: false);
        for (var i = 0; i < schedule.Steps.Count; i++)
        {
            var step = schedule.Steps[i];
            var what = await ApplyAsync(step);
            _trace.Add($"step {i + 1} {step}: {what}");
            Stats.Add(what == "skipped" ? "skipped " + step.Kind : step.Kind.ToString());
            if (_quota is null && what != "skipped")
            {
                CheckOnlineNodesAgree($"after step {i + 1}");
            }
        }

        foreach (var n in _nodes.Where(n => !n.Online))
        {
            n.Online = true;
            _trace.Add($"final: {n.Name} back online");
        }

        await SettleAsync("final", final: true);
        CheckFinal();
    }

    public void Dispose()
    {
        foreach (var n in _nodes)
        {
            n.Dispose();
        }

        _dir.Dispose();
    }

    private ModelNode AddNode()
    {
        var node = new ModelNode("n" + (_nodes.Count + 1), _dir.Path, _relay, _clock, _quota);
        _nodes.Add(node);
        return node;
    }

    private List<ModelNode> OnlineNodes => _nodes.Where(n => n.Online).ToList();

    private string NewContent(ModelNode by) => $"v{++_writes:D3}@{by.Name}";

    // Every write gets a later mtime than the one before: a change is always seen, and is settled at once.
    private DateTime NextMtime() => _mtimeBase.AddSeconds(_writes);

    private ModelNode Pick(int pick)
    {
        var online = OnlineNodes;
        return online[pick % online.Count];
    }

    private ModelNode ActorFor(string path, int pick) => _quota is not null && _owner.TryGetValue(path, out var o) && o.Online ? o : Pick(pick);

    private string? File(int pick) => _model.Count == 0 ? null : _model.Keys.ElementAt(pick % _model.Count);

    private void Write(ModelNode node, string path)
    {
        var content = NewContent(node);
        node.Write(path, content, NextMtime());
        _model[path] = content;
        _owner[path] = node;
    }

    private async Task<string> ApplyAsync(Step step)
    {
        switch (step.Kind)
        {
            case StepKind.Create or StepKind.Modify:
            {
                // A modification with nothing to modify creates, rather than leave an early step empty.
                var path = step.Kind == StepKind.Create || _model.Count == 0 ? Pool[step.Item % Pool.Length] : File(step.Item);
                if (path is null || (_quota is not null && _owner.TryGetValue(path, out var o) && !o.Online))
                {
                    return "skipped";
                }

                var node = ActorFor(path, step.Node);
                Write(node, path);
                await SettleAsync(step.ToString(), final: false);
                return $"{node.Name} wrote {path} = {_model[path]}";
            }

            case StepKind.Delete:
            {
                var path = File(step.Item);
                if (path is null || (_quota is not null && !_owner[path].Online))
                {
                    return "skipped";
                }

                var node = ActorFor(path, step.Node);
                node.Delete(path);
                _model.Remove(path);
                _owner.Remove(path);
                await SettleAsync(step.ToString(), final: false);
                return $"{node.Name} deleted {path}";
            }

            case StepKind.Rename:
            {
                var path = File(step.Item);
                var target = Pool[step.Other % Pool.Length];
                if (path is null || _model.ContainsKey(target) || (_quota is not null && !_owner[path].Online))
                {
                    return "skipped";
                }

                var node = ActorFor(path, step.Node);
                node.Move(path, target);
                _model[target] = _model[path];
                _model.Remove(path);
                _owner[target] = node;
                _owner.Remove(path);
                await SettleAsync(step.ToString(), final: false);
                return $"{node.Name} renamed {path} to {target}";
            }

            case StepKind.ConcurrentEdit or StepKind.EditVsDelete:
                return await ConcurrentAsync(step);

            case StepKind.OfflineEdit:
                return await OfflineEditAsync(step);

            case StepKind.Offline:
            {
                var online = OnlineNodes;
                if (online.Count < 2)
                {
                    return "skipped";
                }

                var node = online[step.Node % online.Count];
                node.Online = false;
                return $"{node.Name} offline";
            }

            case StepKind.Online:
            {
                var offline = _nodes.Where(n => !n.Online).ToList();
                if (offline.Count == 0)
                {
                    return "skipped";
                }

                var node = offline[step.Node % offline.Count];
                node.Online = true;
                await SettleAsync(step.ToString(), final: false);
                return $"{node.Name} back online";
            }

            case StepKind.Join:
            {
                if (_nodes.Count >= MaxNodes)
                {
                    return "skipped";
                }

                var node = AddNode();
                await SettleAsync(step.ToString(), final: false);
                return $"{node.Name} joined";
            }

            case StepKind.Kill:
            {
                var node = Pick(step.Node);
                node.ArmKill(step.Item);
                return $"{node.Name}'s next pass dies after {step.Item} relay operations";
            }

            default:
                throw new InvalidOperationException(step.Kind.ToString());
        }
    }

    /// <summary>
    /// An offline node edits a file it holds, then comes back: one step, so that nothing else happens in
    /// between. Its copy may be stale. Still the model's version: a plain update. Another version since:
    /// concurrent edits, both kept. Deleted (or renamed away) since: the edit wins over the deletion.
    /// With no node offline, one goes first and another node edits or deletes the file in its absence.
    /// </summary>
    private async Task<string> OfflineEditAsync(Step step)
    {
        var offline = _nodes.Where(n => !n.Online).ToList();
        if (_quota is not null)
        {
            return "skipped";
        }

        ModelNode node;
        string path;
        var meanwhile = "";
        if (offline.Count > 0)
        {
            node = offline[step.Node % offline.Count];
            var files = node.Files();
            if (files.Count == 0)
            {
                return "skipped";
            }

            path = files.Keys.ElementAt(step.Item % files.Count);
        }
        else
        {
            // No node is offline: one goes, and another node changes the file meanwhile (or not).
            var online = OnlineNodes;
            if (online.Count < 2 || File(step.Item) is not { } chosen)
            {
                return "skipped";
            }

            (node, path) = (online[step.Node % online.Count], chosen);
            node.Online = false;
            var other = OnlineNodes[step.Other % (online.Count - 1)];
            if (step.Other < 5)
            {
                Write(other, path);
                meanwhile = $"{node.Name} offline; {other.Name} wrote {path} = {_model[path]}; ";
            }
            else if (step.Other < 8)
            {
                other.Delete(path);
                _model.Remove(path);
                _owner.Remove(path);
                meanwhile = $"{node.Name} offline; {other.Name} deleted {path}; ";
            }
            else
            {
                meanwhile = $"{node.Name} offline; ";
            }

            await SettleAsync(step + " (meanwhile)", final: false);
            CheckOnlineNodesAgree(step + " (meanwhile)");
        }

        var held = node.Files();
        var mine = NewContent(node);
        node.Write(path, mine, NextMtime());
        node.Online = true;
        Stats.Add(ModelStats.OfflineEdits);
        if (!_model.TryGetValue(path, out var current) || current == held.GetValueOrDefault(path))
        {
            var why = current is null ? "deleted meanwhile: the edit wins" : "unchanged meanwhile";
            _model[path] = mine;
            _owner[path] = node;
            await SettleAsync(step.ToString(), final: false);
            return $"{meanwhile}{node.Name}, offline, wrote {path} = {mine} ({why}); back online";
        }

        await SettleAsync(step.ToString(), final: false);
        return $"{meanwhile}{node.Name}, offline, wrote {path} = {mine} over a stale copy; back online; " + AdoptConflict(node, path, mine, current, node.Name + " offline", "the others");
    }

    /// <summary>Two online nodes act on one agreed file in the same epoch.</summary>
    private async Task<string> ConcurrentAsync(Step step)
    {
        var online = OnlineNodes;
        var path = File(step.Item);
        if (_quota is not null || online.Count < 2 || path is null)
        {
            return "skipped";
        }

        var a = online[step.Node % online.Count];
        var b = online[(step.Node % online.Count + 1 + (step.Other % (online.Count - 1))) % online.Count];
        if (step.Kind == StepKind.EditVsDelete)
        {
            b.Delete(path);
            Write(a, path);
            await SettleAsync(step.ToString(), final: false);
            return $"{b.Name} deleted {path} while {a.Name} wrote it = {_model[path]} (the edit wins)";
        }

        var first = NewContent(a);
        a.Write(path, first, NextMtime());
        var second = NewContent(b);
        b.Write(path, second, NextMtime());
        await SettleAsync(step.ToString(), final: false);

        return $"{a.Name} and {b.Name} both edited {path}: " + AdoptConflict(a, path, first, second, a.Name, b.Name);
    }

    /// <summary>Both versions survive: one at the name, the other in one new conflict copy beside it, which the model adopts.</summary>
    private string AdoptConflict(ModelNode seenOn, string path, string first, string second, string firstBy, string secondBy)
    {
        var files = seenOn.Files();
        var dir = path.Contains('/') ? path[..(path.LastIndexOf('/') + 1)] : "";
        var copies = files.Keys.Where(k => !_model.ContainsKey(k) && k.StartsWith(dir, StringComparison.Ordinal)
            && !k[dir.Length..].Contains('/') && k.Contains(ConflictNames.Marker, StringComparison.Ordinal)).ToList();
        var found = new[] { files.GetValueOrDefault(path) }.Concat(copies.Select(c => files[c])).Order(StringComparer.Ordinal).ToList();
        if (copies.Count != 1 || !found.SequenceEqual(new[] { first, second }.Order(StringComparer.Ordinal)))
        {
            Fail($"concurrent edits of {path} by {firstBy} ({first}) and {secondBy} ({second}): {seenOn.Name} holds {path} = {files.GetValueOrDefault(path) ?? "(none)"} and conflict copies [{string.Join(", ", copies.Select(c => c + " = " + files[c]))}]");
        }

        _model[path] = files[path];
        _model[copies[0]] = files[copies[0]];
        Stats.Add(ModelStats.Conflicts);
        return $"{path} = {files[path]}, {copies[0]} = {files[copies[0]]}";
    }

    /// <summary>Every online node passes, round after round, until a round in which nothing happened.</summary>
    private async Task SettleAsync(string when, bool final)
    {
        for (var round = 1; round <= MaxRounds; round++)
        {
            // A member record written in this round (a joiner) is news the others act on next round.
            var members = MemberRecords();
            var quiet = true;
            foreach (var node in OnlineNodes)
            {
                var r = await node.PassAsync();
                CheckQuota(node);
                if (r is null)
                {
                    _trace.Add($"  {when}, round {round}: {node.Name} killed, restarted");
                    Stats.Add(ModelStats.KillsFired);
                    quiet = false;
                    continue;
                }

                if (r.OverQuota > 0)
                {
                    Stats.Add(ModelStats.OverQuota);
                }

                if (r.Failed > 0)
                {
                    Fail($"{node.Name}'s pass failed ({when}): {string.Join("; ", r.Failures)}");
                }

                var busy = r.Pushed + r.Pulled + r.Registered + r.Freed + r.Conflicts + r.Deleted + r.Repaired + r.Busy > 0;
                if (busy || (final && !r.IsComplete))
                {
                    _trace.Add($"  {when}, round {round}: {node.Name} {r}");
                    quiet = false;
                }
            }

            // Past any rename grace, so that a renamed file's content reaches nodes lacking it.
            _clock.Advance(TimeSpan.FromMinutes(11));
            if (quiet && MemberRecords() == members)
            {
                return;
            }
        }

        Fail($"not quiet after {MaxRounds} rounds ({when})");
    }

    private void CheckQuota(ModelNode after)
    {
        if (_quota is not { } quota)
        {
            return;
        }

        var used = RelayFiles().Where(f => IsPayload(f) || RelayTempNames.IsTemp(Path.GetFileName(f))).Sum(f => new FileInfo(Path.Combine(_relay, f)).Length);
        if (used > quota)
        {
            Fail($"relay holds {used} B of payloads and temp uploads after a pass of {after.Name}, above the quota of {quota} B");
        }
    }

    private void CheckOnlineNodesAgree(string when)
    {
        foreach (var n in OnlineNodes)
        {
            CheckNode(n, when);
        }
    }

    private void CheckNode(ModelNode node, string when)
    {
        var files = node.Files();
        var missing = _model.Where(kv => files.GetValueOrDefault(kv.Key) != kv.Value).Select(kv => $"{kv.Key} = {files.GetValueOrDefault(kv.Key) ?? "(missing)"}, expected {kv.Value}");
        var extra = files.Where(kv => !_model.ContainsKey(kv.Key)).Select(kv => $"{kv.Key} = {kv.Value} (not in the model)");
        var wrong = missing.Concat(extra).ToList();
        if (wrong.Count > 0)
        {
            Fail($"{when}: {node.Name} differs from the model: {string.Join("; ", wrong)}");
        }
    }

    private void CheckFinal()
    {
        foreach (var n in _nodes)
        {
            CheckNode(n, "final");
        }

        var held = _nodes.SelectMany(n => n.Files().Values).ToHashSet();
        var lost = _model.Values.Where(v => !held.Contains(v)).ToList();
        if (lost.Count > 0)
        {
            Fail($"versions on no node: {string.Join(", ", lost)}");
        }

        // What may stay on the relay: member records and the marker, and the placeholders of live files.
        var leftovers = RelayFiles().Where(f => !RelayRecords.IsRecord(f) && !IsLivePlaceholder(f)).ToList();
        if (leftovers.Count > 0)
        {
            Fail($"left on the relay when every node is quiet: {string.Join(", ", leftovers)}");
        }
    }

    private bool IsLivePlaceholder(string relayFile)
    {
        var name = Path.GetFileName(relayFile);
        if (!name.StartsWith('.') || !name.EndsWith(".placeholder", StringComparison.Ordinal))
        {
            return false;
        }

        var dir = Path.GetDirectoryName(relayFile)!.Replace('\\', '/');
        var file = name[1..^".placeholder".Length];
        return _model.ContainsKey(dir.Length == 0 ? file : dir + "/" + file);
    }

    private string MemberRecords() =>
        string.Join("|", Directory.EnumerateFiles(_relay).Select(Path.GetFileName).Where(RelayRecords.IsRecord).Order(StringComparer.Ordinal));

    private static bool IsPayload(string relayFile) => !Path.GetFileName(relayFile).StartsWith('.');

    private List<string> RelayFiles() =>
        Directory.EnumerateFiles(_relay, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_relay, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

    private void Fail(string what)
    {
        var log = _nodes.Select(n => $"{n.Name} (online {n.Online}, kills {n.Kills}) last lines:\n      "
            + string.Join("\n      ", n.Log.Lines.TakeLast(15).Select(l => l.Message)));
        throw new ModelViolation($"{what}\n  model: {string.Join(", ", _model.Select(kv => kv.Key + " = " + kv.Value))}\n  trace:\n    "
            + string.Join("\n    ", _trace.TakeLast(60)) + "\n  " + string.Join("\n  ", log));
    }
}

/// <summary>
/// A run's folders. On Linux in /dev/shm when it exists: every step of the engine fsyncs (state journal,
/// relay writes, pulled files), which on a shared disk made a pass 25 ms instead of 6 ms, and the model
/// runs hundreds of passes per schedule; durability against power loss is not what it tests (a kill
/// leaves the page cache intact). ESCALE_MODEL_TMP chooses another root.
/// </summary>
internal sealed class ScratchDir : IDisposable
{
    public ScratchDir()
    {
        var root = Environment.GetEnvironmentVariable("ESCALE_MODEL_TMP") is { Length: > 0 } chosen ? chosen
            : Directory.Exists("/dev/shm") ? "/dev/shm"
            : Environment.GetEnvironmentVariable("ESCALE_TEST_TMP") ?? System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, "escale-model-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string relative) => Directory.CreateDirectory(System.IO.Path.Combine(Path, relative)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>The engine did something the model does not allow.</summary>
public sealed class ModelViolation(string message) : Exception(message);
