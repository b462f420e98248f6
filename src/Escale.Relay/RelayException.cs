namespace Escale.Relay;

public enum RelayErrorKind
{
    /// <summary>The file is not there.</summary>
    NotFound,

    /// <summary>CreateNew or a no-replace rename met an existing file.</summary>
    AlreadyExists,

    /// <summary>Worth retrying: 4xx FTP replies, 5xx HTTP, resets, timeouts.</summary>
    Transient,

    /// <summary>Retrying will not help: refused, unsupported, malformed.</summary>
    Permanent,

    /// <summary>Login refused: wrong user or password. Never retried.</summary>
    Authentication,

    /// <summary>The relay is full (FTP 552/452, WebDAV 507, ENOSPC).</summary>
    QuotaExceeded,
}

/// <summary>The only exception a store throws; drivers translate their errors into it once.</summary>
public sealed class RelayException(RelayErrorKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public RelayErrorKind Kind { get; } = kind;

    public bool IsTransient => Kind == RelayErrorKind.Transient;

    /// <summary>How long the server asked us to wait before trying again (HTTP Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
