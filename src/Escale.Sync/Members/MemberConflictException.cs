namespace Escale.Sync.Members;

/// <summary>Two nodes with one client name (cloned machines): this one must be renamed before it may run.</summary>
public sealed class MemberConflictException(string message) : Exception(message);
