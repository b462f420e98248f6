using Escale.Core.Paths;
using Escale.Relay;

namespace Escale.Sync.Scanning;

/// <summary>What one listing says about one user file on the relay: its payload, lock and placeholder entries.</summary>
public sealed class RelayFileState(RelayPath path)
{
    public RelayPath Path { get; } = path;

    public RelayEntry? Payload { get; set; }

    public RelayEntry? Lock { get; set; }

    public RelayEntry? Placeholder { get; set; }

    /// <summary>Parts of a split version listed beside the file, by index (from 1), with the count their names give.</summary>
    public SortedDictionary<int, (int Count, RelayEntry Entry)> Parts { get; } = [];

    /// <summary>The relay path of a part of this file.</summary>
    public RelayPath PartPath(int index, int count) => Path.Sibling(Sync.Parts.PartNames.NameOf(Path.Name, index, count));

    public RelayPath LockPath => Path.Sibling(Protocol.RelayNames.LockName(Path.Name));

    public RelayPath PlaceholderPath => Path.Sibling(Protocol.RelayNames.PlaceholderName(Path.Name));
}
