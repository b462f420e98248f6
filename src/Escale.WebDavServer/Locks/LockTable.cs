namespace Escale.WebDavServer.Locks;

/// <summary>
/// The front-end's write locks, in memory: Windows, Finder and davfs2 lock before they write and
/// expect a second writer to get 423. They are advisory towards the folder (local programs and the
/// sync side do not see them) and vanish when the mount stops, which releases them all.
/// </summary>
internal sealed class LockTable(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, DavLock> _byToken = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                Expire();
                return _byToken.Count;
            }
        }
    }

    /// <summary>Locks covering <paramref name="path"/> and, when <paramref name="withDescendants"/>, locks rooted below it.</summary>
    public IReadOnlyList<DavLock> Affecting(string path, bool withDescendants)
    {
        lock (_gate)
        {
            Expire();
            return [.. _byToken.Values.Where(l => l.Covers(path) || (withDescendants && DavPath.IsAtOrBelow(l.Root, path)))];
        }
    }

    public DavLock? Find(string token)
    {
        lock (_gate)
        {
            Expire();
            return _byToken.GetValueOrDefault(token);
        }
    }

    /// <summary>Grants a new lock unless one conflicts (exclusive against anything, shared against exclusive); null on conflict.</summary>
    public DavLock? TryLock(string root, bool infinite, bool exclusive, string? owner, TimeSpan timeout)
    {
        lock (_gate)
        {
            Expire();
            foreach (var l in _byToken.Values)
            {
                var overlaps = l.Covers(root) || (infinite && DavPath.IsAtOrBelow(l.Root, root));
                if (overlaps && (exclusive || l.Exclusive))
                {
                    return null;
                }
            }

            var granted = new DavLock("opaquelocktoken:" + Guid.NewGuid(), root, infinite, exclusive, owner, timeout, time.GetUtcNow() + timeout);
            _byToken[granted.Token] = granted;
            return granted;
        }
    }

    public DavLock? Refresh(string token, TimeSpan timeout)
    {
        lock (_gate)
        {
            Expire();
            if (!_byToken.TryGetValue(token, out var l))
            {
                return null;
            }

            var refreshed = l with { Timeout = timeout, Expires = time.GetUtcNow() + timeout };
            _byToken[token] = refreshed;
            return refreshed;
        }
    }

    public bool Remove(string token)
    {
        lock (_gate)
        {
            return _byToken.Remove(token);
        }
    }

    /// <summary>A resource that was deleted or moved away loses its locks and those of everything below it.</summary>
    public void RemoveAtOrBelow(string path)
    {
        lock (_gate)
        {
            foreach (var l in _byToken.Values.Where(l => DavPath.IsAtOrBelow(l.Root, path)).ToList())
            {
                _byToken.Remove(l.Token);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _byToken.Clear();
        }
    }

    private void Expire()
    {
        var now = time.GetUtcNow();
        foreach (var l in _byToken.Values.Where(l => l.Expires <= now).ToList())
        {
            _byToken.Remove(l.Token);
        }
    }
}
