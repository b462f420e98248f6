namespace Escale.WebDavServer;

/// <summary>RFC 4331 quota of the mount: what the relay says it holds and what it can still take (null when it does not say).</summary>
public sealed record WebDavQuota(long? UsedBytes, long? AvailableBytes);
