namespace Escale.Sync.Status;

/// <summary>A file waiting on the relay for this node: its plaintext size when the format tells it.</summary>
public sealed record Offer(string Path, long? Size, DateTimeOffset Modified, string? Pusher);
