namespace Escale.WebDavServer;

public sealed class WebDavServerOptions
{
    /// <summary>The user name clients send with the secret; anything works as long as it is this one.</summary>
    public const string UserName = "escale";

    /// <summary>The loopback port; 0 lets the system choose one.</summary>
    public int Port { get; init; }

    /// <summary>The per-mount password (Basic authentication). Generate with <see cref="MountSecret.Create"/>.</summary>
    public required string Secret { get; init; }

    /// <summary>The relay's quota; asked at most once per <see cref="QuotaCacheTime"/> so listings never wait on the network each time.</summary>
    public Func<CancellationToken, Task<WebDavQuota?>>? Quota { get; init; }

    public TimeSpan QuotaCacheTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long LOCK grants at most (clients ask for Infinite; they refresh).</summary>
    public TimeSpan MaxLockTimeout { get; init; } = TimeSpan.FromHours(1);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
