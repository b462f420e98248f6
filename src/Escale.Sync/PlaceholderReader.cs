using System.Collections.Concurrent;
using Escale.Core.Paths;
using Escale.Relay;
using Escale.Sync.Protocol;

namespace Escale.Sync;

/// <summary>
/// Reads placeholders, re-reading one only when its listed size or mtime changed (and its mtime is
/// old enough that a same-size rewrite within the store's time precision cannot hide behind it).
/// Names read here never become members: members register themselves (<see cref="Members.MemberRegistry"/>).
/// </summary>
public sealed class PlaceholderReader(IRelayStore store)
{
    private readonly ConcurrentDictionary<RelayPath, (long Size, DateTimeOffset? Mtime, Placeholder Value)> _cache = new();

    public long Reads => Interlocked.Read(ref _reads);

    private long _reads;

    public async Task<Placeholder?> ReadAsync(RelayPath placeholderPath, RelayEntry? listed, CancellationToken cancellationToken, bool fresh = false)
    {
        if (!fresh && listed is not null && _cache.TryGetValue(placeholderPath, out var hit)
            && hit.Size == listed.Size && hit.Mtime == listed.Modified && listed.Modified is { } m
            && DateTimeOffset.UtcNow - m > 2 * store.Capabilities.TimePrecision)
        {
            return hit.Value;
        }

        byte[] bytes;
        try
        {
            Interlocked.Increment(ref _reads);
            await using var s = await store.OpenReadAsync(placeholderPath, 0, cancellationToken);
            var buffer = new MemoryStream();
            await RelayLocks.CopyBoundedAsync(s, buffer, 1 << 20, cancellationToken);
            bytes = buffer.ToArray();
        }
        catch (RelayException e) when (e.Kind == RelayErrorKind.NotFound)
        {
            _cache.TryRemove(placeholderPath, out _);
            return null;
        }

        var placeholder = Placeholder.Parse(bytes); // FormatException: reported by the caller
        if (listed is not null && !fresh)
        {
            _cache[placeholderPath] = (listed.Size, listed.Modified, placeholder);
        }
        else
        {
            _cache.TryRemove(placeholderPath, out _);
        }

        return placeholder;
    }

    public void Invalidate(RelayPath placeholderPath) => _cache.TryRemove(placeholderPath, out _);
}
