using Escale.Core.Paths;
using Escale.Relay;

namespace Escale.Agent.Operations;

/// <summary>One entry found by <see cref="RelayWalker"/>: its full path from the relay root and what the store said about it.</summary>
public sealed record RelayItem(RelayPath Path, RelayEntry Entry)
{
    public bool IsDirectory => Entry.IsDirectory;
}
