using System.Text;
using Escale.Core.Config;
using Escale.Crypto;
using Escale.Relay;
using Escale.Relay.Local;
using Escale.Sync.Scanning;
using Escale.Sync.State;
using Escale.Testing;

namespace Escale.Sync.Tests.Model;

/// <summary>
/// One node of a model run: its folder and durable state, a store on the shared relay folder behind a
/// kill switch. <see cref="Kill"/> drops the engine and its caches as a dead process would; the next
/// pass runs on a new engine over the same state folder (its first pass, as after a restart).
/// </summary>
internal sealed class ModelNode : IDisposable
{
    private readonly string _relayDir;
    private readonly TimeProvider _time;
    private readonly long? _quota;
    private StateStore? _state;
    private Reconciler? _engine;
    private KillSwitchStore? _store;
    private int? _killAfter;

    public ModelNode(string name, string scratch, string relayDir, TimeProvider time, long? quota)
    {
        Name = name;
        Root = Path.Combine(scratch, name, "files");
        StateDir = Path.Combine(scratch, name, "state");
        Directory.CreateDirectory(Root);
        _relayDir = relayDir;
        _time = time;
        _quota = quota;
    }

    public string Name { get; }

    public string Root { get; }

    public string StateDir { get; }

    public bool Online { get; set; } = true;

    public ListLogger Log { get; private set; } = new();

    public int Kills { get; private set; }

    /// <summary>The next pass dies after this many relay operations.</summary>
    public void ArmKill(int operations) => _killAfter = operations;

    /// <summary>Passes run and their time, all nodes and runs together (for the test's output).</summary>
    public static long Passes;

    public static long PassTicks;

    /// <summary>One pass; null when it was killed (the node is then rebuilt from its state folder).</summary>
    public async Task<PassResult?> PassAsync()
    {
        var engine = _engine ??= Build();
        using var cts = new CancellationTokenSource();
        if (_killAfter is { } n)
        {
            _store!.Arm(n, cts);
            _killAfter = null;
        }

        PassResult result;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            result = await engine.RunPassAsync(cts.Token);
        }
        catch (Exception) when (_store!.Killed)
        {
            Kill();
            return null;
        }
        finally
        {
            Interlocked.Increment(ref Passes);
            Interlocked.Add(ref PassTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        }

        // Dead even if the pass took the failure for a file-level one and finished: what it did after
        // the kill never reached the relay.
        if (_store!.Killed)
        {
            Kill();
            return null;
        }

        return result;
    }

    public void Write(string relative, string content, DateTime mtimeUtc)
    {
        var p = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, content, new UTF8Encoding(false));
        File.SetLastWriteTimeUtc(p, mtimeUtc);
    }

    public void Delete(string relative) => File.Delete(Path.Combine(Root, relative));

    public void Move(string from, string to)
    {
        var target = Path.Combine(Root, to);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(Path.Combine(Root, from), target);
    }

    public string? Read(string relative) => File.Exists(Path.Combine(Root, relative)) ? File.ReadAllText(Path.Combine(Root, relative)) : null;

    /// <summary>Every file of the folder (relative, '/'-separated) with its content, the trash left out.</summary>
    public SortedDictionary<string, string> Files()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(Root, f).Replace('\\', '/');
            if (!rel.StartsWith(Deletions.Trash.FolderName + "/", StringComparison.Ordinal))
            {
                files[rel] = File.ReadAllText(f);
            }
        }

        return files;
    }

    public void Dispose() => _state?.Dispose();

    private void Kill()
    {
        Kills++;
        _state?.Dispose();
        _state = null;
        _engine = null;
        _store = null;
    }

    private Reconciler Build()
    {
        _state = StateStore.Open(StateDir);
        _store = new KillSwitchStore(new LocalFolderStore(_relayDir, RelayTempNames.TagOf(Name)));
        var options = new SyncOptions
        {
            Client = Name,
            LocalRoot = Root,
            SettleTime = TimeSpan.Zero,
            LockTimeout = TimeSpan.FromHours(1),
            Parallelism = 1, // one transfer at a time: a kill after N operations hits the same step on every run of a seed
            Filter = FileFilter.All,
            DiskQuota = _quota,
        };
        return new Reconciler(new SyncContext(_store, new PlainCodec("sha512"), _state, options, _time, Log));
    }
}
