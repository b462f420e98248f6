namespace Escale.Sync.State;

/// <summary>The repository's state is owned by another running process.</summary>
public sealed class StateLockedException(string message) : Exception(message);
