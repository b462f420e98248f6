namespace Escale.Agent.Operations;

/// <summary>An expected failure of a relay operation (non-empty target, unreadable archive...): one line for the user.</summary>
public sealed class OperationException(string message) : Exception(message);
