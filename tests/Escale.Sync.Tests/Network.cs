using Escale.Crypto;
using Escale.Sync;
using Escale.Testing;

namespace Escale.Sync.Tests;

/// <summary>Several nodes sharing one temp relay folder, with one manual clock.</summary>
public sealed class Network : IDisposable
{
    private readonly TempDir _dir = new("net");
    private readonly List<Node> _nodes = [];

    public Network()
    {
        RelayDir = _dir.Sub("relay");
    }

    public string RelayDir { get; }

    public ManualTimeProvider Clock { get; } = new();

    public Node Add(string name, Func<SyncOptions, SyncOptions>? configure = null, Func<IPayloadCodec>? codec = null)
    {
        var node = new Node(name, RelayDir, _dir.Path, Clock, configure, codec);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Another node with the same client name, its own folders and state: a cloned machine.</summary>
    public Node AddTwin(string name)
    {
        var node = new Node(name, RelayDir, _dir.Sub("twin-" + _nodes.Count), Clock);
        _nodes.Add(node);
        return node;
    }

    public string RelayPath(string relative) => Path.Combine(RelayDir, relative);

    public bool RelayHas(string relative) => File.Exists(RelayPath(relative));

    public string? RelayText(string relative) => RelayHas(relative) ? File.ReadAllText(RelayPath(relative)) : null;

    /// <summary>Every file under the relay folder, relative, sorted; member records left out (<see cref="MemberFiles"/>).</summary>
    public IReadOnlyList<string> RelayFiles() =>
        Directory.EnumerateFiles(RelayDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RelayDir, f))
            .Where(f => !Members.MemberRecord.IsRecordName(f, out _)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The member records in the relay root.</summary>
    public IReadOnlyList<string> MemberFiles() =>
        Directory.EnumerateFiles(RelayDir).Select(Path.GetFileName).OfType<string>()
            .Where(f => Members.MemberRecord.IsRecordName(f, out _)).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        foreach (var n in _nodes)
        {
            n.Dispose();
        }

        _dir.Dispose();
    }
}
