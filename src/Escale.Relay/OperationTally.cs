using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Escale.Core.Paths;

namespace Escale.Relay;

/// <summary>
/// Benchmarks only: counts relay operations by kind (list, stat, read, create, write, append, rename,
/// delete, mkdir) and the exceptions the process throws (first chance, by type and throwing method:
/// exceptions used as control flow cost microseconds each), and rewrites them to a file every second
/// and at dispose, so a bench driving two real processes can read what a file cost. Enabled by the
/// environment variable <see cref="Variable"/> (the file to write); production never wraps a store with it.
/// </summary>
public sealed class OperationTally : IRelayStore
{
    public const string Variable = "ESCALE_BENCH_RELAY_OPS";

    private readonly IRelayStore _inner;
    private readonly string _file;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Timer _timer;

    private OperationTally(IRelayStore inner, string file)
    {
        _inner = inner;
        _file = file;
        _timer = new Timer(_ => Save(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
            Count("exception " + e.Exception.GetType().Name + "@" + (e.Exception.TargetSite is { } site ? site.DeclaringType?.Name + "." + site.Name : "?"));
    }

    /// <summary>The store itself when the variable is unset.</summary>
    public static IRelayStore WrapIfAsked(IRelayStore store) =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } file ? new OperationTally(store, file) : store;

    public RelayCapabilities Capabilities => _inner.Capabilities;

    public string Description => _inner.Description;

    public async IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Count("list");
        await foreach (var e in _inner.ListAsync(directory, cancellationToken))
        {
            yield return e;
        }
    }

    public Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken) => Counted("stat", _inner.StatAsync(path, cancellationToken));

    public Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken) => Counted("read", _inner.OpenReadAsync(path, offset, cancellationToken));

    public Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken) =>
        Counted(mode == WriteMode.CreateNew ? "create" : "write", _inner.WriteAsync(path, content, mode, cancellationToken));

    public Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => Counted("append", _inner.AppendAsync(path, data, cancellationToken));

    public Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken) =>
        Counted("rename", _inner.RenameAsync(from, to, overwrite, cancellationToken));

    public Task DeleteAsync(RelayPath path, CancellationToken cancellationToken) => Counted("delete", _inner.DeleteAsync(path, cancellationToken));

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken) => Counted("mkdir", _inner.CreateDirectoryAsync(path, cancellationToken));

    public Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken) => _inner.GetSpaceAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        Save();
        await _inner.DisposeAsync();
    }

    private T Counted<T>(string kind, T result)
    {
        Count(kind);
        return result;
    }

    private void Count(string kind) => _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    private void Save()
    {
        try
        {
            var tmp = _file + ".tmp";
            // ToArray: a snapshot (enumerating through LINQ's ICollection path races with new keys)
            File.WriteAllLines(tmp, _counts.ToArray().OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key.Replace(' ', '_')} {kv.Value}"));
            File.Move(tmp, _file, overwrite: true);
        }
        catch (Exception)
        {
            // a bench aid never stops the node: a missed update is read at the next tick
        }
    }
}
