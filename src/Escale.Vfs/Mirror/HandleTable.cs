using System.Collections.Concurrent;

namespace Escale.Vfs.Mirror;

/// <summary>Integer handles for open files. Lock-free; <see cref="OpenFile"/> guards its own name.</summary>
internal sealed class HandleTable
{
    private readonly ConcurrentDictionary<long, OpenFile> _open = new();
    private long _last;

    public int Count => _open.Count;

    public long Add(OpenFile file)
    {
        var handle = Interlocked.Increment(ref _last);
        _open[handle] = file;
        return handle;
    }

    public OpenFile? Get(long handle) => _open.TryGetValue(handle, out var f) ? f : null;

    public OpenFile? Remove(long handle) => _open.TryRemove(handle, out var f) ? f : null;

    /// <summary>Keeps the names of open handles right after a rename of a file or a folder.</summary>
    public void Renamed(string from, string to)
    {
        foreach (var file in _open.Values)
        {
            var p = file.RelativePath;
            if (p == from)
            {
                file.RelativePath = to;
            }
            else if (p.StartsWith(from + "/", StringComparison.Ordinal))
            {
                file.RelativePath = to + p[from.Length..];
            }
        }
    }

    public void Unlinked(string path)
    {
        foreach (var file in _open.Values)
        {
            if (file.RelativePath == path)
            {
                file.Unlinked = true;
            }
        }
    }

    public void DisposeAll()
    {
        foreach (var handle in _open.Keys)
        {
            Remove(handle)?.Stream.Dispose();
        }
    }
}
