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

    public RelayPath LockPath => Path.Sibling(Protocol.RelayNames.LockName(Path.Name));

    public RelayPath PlaceholderPath => Path.Sibling(Protocol.RelayNames.PlaceholderName(Path.Name));
}
