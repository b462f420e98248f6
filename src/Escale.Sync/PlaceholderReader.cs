using System.Collections.Concurrent;
using Escale.Core.Paths;
using Escale.Relay;
using Escale.Sync.Protocol;

namespace Escale.Sync;

/// <summary>
/// Reads placeholders, re-reading one only when its listed size or mtime changed (and its mtime is
/// old enough that a same-size rewrite within the store's time precision cannot hide behind it).
/// Names read here never become members: members register themselves (<see cref="Members.MemberRegistry"/>).
/// Every placeholder is looked at each pass (a payload-less one may be a tombstone or a rename), so the
/// cache is kept across restarts in the state folder (<see cref="Save"/>): a restarted agent re-reads only
/// the placeholders that changed while it was away, not one per file. It is only a cache: a lost or
/// damaged file means reading again.
/// </summary>
public sealed class PlaceholderReader(IRelayStore store, string? cacheFile = null)
{
    private readonly ConcurrentDictionary<RelayPath, (long Size, DateTimeOffset? Mtime, Placeholder Value, byte[] Raw)> _cache = Load(cacheFile);
    private int _dirty;

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
            _cache[placeholderPath] = (listed.Size, listed.Modified, placeholder, bytes);
        }
        else
        {
            _cache.TryRemove(placeholderPath, out _);
        }

        Interlocked.Exchange(ref _dirty, 1);
        return placeholder;
    }

    public void Invalidate(RelayPath placeholderPath)
    {
        _cache.TryRemove(placeholderPath, out _);
        Interlocked.Exchange(ref _dirty, 1);
    }

    /// <summary>Writes the cache beside the state when it changed (one line per placeholder: path, size, mtime, bytes).</summary>
    public void Save()
    {
        if (cacheFile is null || Interlocked.Exchange(ref _dirty, 0) == 0)
        {
            return;
        }

        var lines = new List<string>();
        foreach (var (path, (size, mtime, _, bytes)) in _cache)
        {
            if (mtime is { } m)
            {
                lines.Add($"{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(path.Value))} {size} {m.UtcTicks} {Convert.ToBase64String(bytes)}");
            }
        }

        try
        {
            var temp = cacheFile + ".tmp";
            File.WriteAllLines(temp, lines);
            File.Move(temp, cacheFile, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache: the next restart reads the placeholders again.
        }
    }

    private static ConcurrentDictionary<RelayPath, (long, DateTimeOffset?, Placeholder, byte[])> Load(string? file)
    {
        var cache = new ConcurrentDictionary<RelayPath, (long, DateTimeOffset?, Placeholder, byte[])>();
        if (file is null || !File.Exists(file))
        {
            return cache;
        }

        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var f = line.Split(' ');
                if (f.Length == 4 && long.TryParse(f[1], out var size) && long.TryParse(f[2], out var ticks)
                    && RelayPath.TryParse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(f[0])), false, out var path, out _))
                {
                    var raw = Convert.FromBase64String(f[3]);
                    cache[path] = (size, new DateTimeOffset(ticks, TimeSpan.Zero), Placeholder.Parse(raw), raw);
                }
            }
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or UnauthorizedAccessException)
        {
            cache.Clear(); // damaged: start cold
        }

        return cache;
    }
}
