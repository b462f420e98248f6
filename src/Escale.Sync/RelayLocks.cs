using System.Collections.Concurrent;
using Escale.Core.Paths;
using Escale.Relay;
using Escale.Sync.Protocol;
using Microsoft.Extensions.Logging;

namespace Escale.Sync;

/// <summary>
/// Takes and releases the relay's <c>.NAME.lock</c> files and judges other nodes' locks.
/// Acquisition is as atomic as the store allows: create-exclusive where it has one, otherwise
/// write, wait, re-read and compare the owner, so that a lost race is seen before any write.
/// A foreign lock is stale after <c>lock timeout</c>, judged on the relay's clock (its mtime against
/// the relay's "now", measured by writing a probe) or, without a usable clock, by having watched it
/// unchanged for that long.
/// </summary>
public sealed class RelayLocks(IRelayStore store, string client, TimeSpan timeout, TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<RelayPath, char> _held = new();
    private readonly ConcurrentDictionary<RelayPath, (long Size, DateTimeOffset? Mtime, long SeenAt)> _watched = new();
    private TimeSpan? _relayClockOffset;
    private long _offsetMeasuredAt;

    public bool IsHeld(RelayPath lockPath) => _held.ContainsKey(lockPath);

    public IReadOnlyCollection<RelayPath> Held => _held.Keys.ToList();

    public async Task<bool> TryAcquireAsync(RelayPath lockPath, char mode, CancellationToken cancellationToken)
    {
        var bytes = new LockFile(client, mode).ToBytes();
        try
        {
            await store.WriteAsync(lockPath, new MemoryStream(bytes), WriteMode.CreateNew, cancellationToken);
        }
        catch (RelayException e) when (e.Kind == RelayErrorKind.AlreadyExists)
        {
            return false;
        }

        _held[lockPath] = mode;
        if (store.Capabilities.AtomicCreateNew)
        {
            return true;
        }

        // Not atomic: another node may have written the same lock in the same instant. The last
        // writer wins on the server; whoever does not read its own name back has lost and backs off.
        await Task.Delay(store.Capabilities.CreateNewSettleTime, TimeProvider.System, cancellationToken);
        var owner = await ReadOwnerAsync(lockPath, cancellationToken);
        if (owner == client)
        {
            return true;
        }

        _held.TryRemove(lockPath, out _);
        logger.LogDebug("lost the race for {Lock} to {Owner}", lockPath, owner);
        return false;
    }

    public async Task ReleaseAsync(RelayPath lockPath, CancellationToken cancellationToken)
    {
        // Release even when the pass is being cancelled: a lock left behind blocks every node.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await store.DeleteAsync(lockPath, cts.Token);
        _held.TryRemove(lockPath, out _);
    }

    /// <summary>Releases every lock this process holds (shutdown).</summary>
    public async Task ReleaseAllAsync()
    {
        foreach (var path in _held.Keys.ToList())
        {
            try
            {
                await ReleaseAsync(path, CancellationToken.None);
            }
            catch (RelayException e)
            {
                logger.LogWarning("could not release lock {Lock}: {Message}", path, e.Message);
            }
        }
    }

    public async Task<string?> ReadOwnerAsync(RelayPath lockPath, CancellationToken cancellationToken)
    {
        try
        {
            await using var s = await store.OpenReadAsync(lockPath, 0, cancellationToken);
            var buffer = new MemoryStream();
            await CopyBoundedAsync(s, buffer, 64 * 1024, cancellationToken);
            return LockFile.Parse(buffer.ToArray()).Owner;
        }
        catch (RelayException e) when (e.Kind == RelayErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>Whether a lock (or a temp upload) seen in a listing is older than the lock timeout.</summary>
    public async Task<bool> IsStaleAsync(RelayPath path, RelayEntry entry, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        var seen = _watched.AddOrUpdate(path, _ => (entry.Size, entry.Modified, now),
            (_, old) => old.Size == entry.Size && old.Mtime == entry.Modified ? old : (entry.Size, entry.Modified, now));
        if (time.GetElapsedTime(seen.SeenAt, now) >= timeout)
        {
            return true; // watched unchanged for a whole timeout
        }

        if (entry.Modified is not { } mtime || DateTimeOffset.UtcNow - mtime < timeout - TimeSpan.FromMinutes(10))
        {
            return false; // even a relay clock 10 minutes behind ours would not make it stale
        }

        var relayNow = await RelayNowAsync(cancellationToken);
        return relayNow is { } n && n - mtime >= timeout;
    }

    public void Forget(RelayPath path) => _watched.TryRemove(path, out _);

    /// <summary>The relay's current time: wall clock plus an offset measured by writing a probe file.</summary>
    private async Task<DateTimeOffset?> RelayNowAsync(CancellationToken cancellationToken)
    {
        if (_relayClockOffset is null || time.GetElapsedTime(_offsetMeasuredAt) > TimeSpan.FromMinutes(10))
        {
            var probe = RelayTempNames.For(RelayPath.Parse("escale-clock"), RelayTempNames.TagOf(client));
            try
            {
                var before = DateTimeOffset.UtcNow;
                await store.WriteAsync(probe, new MemoryStream(), WriteMode.Overwrite, cancellationToken);
                var stat = await store.StatAsync(probe, cancellationToken);
                var after = DateTimeOffset.UtcNow;
                if (stat?.Modified is { } m)
                {
                    _relayClockOffset = m - (before + ((after - before) / 2));
                    _offsetMeasuredAt = time.GetTimestamp();
                }
            }
            finally
            {
                await store.DeleteAsync(probe, cancellationToken);
            }
        }

        return _relayClockOffset is { } offset ? DateTimeOffset.UtcNow + offset : null;
    }

    internal static async Task CopyBoundedAsync(Stream source, Stream destination, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var total = 0;
        int n;
        while ((n = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += n;
            if (total > limit)
            {
                throw new RelayException(RelayErrorKind.Permanent, $"relay file larger than {limit} bytes where a small file was expected");
            }

            await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
        }
    }
}
