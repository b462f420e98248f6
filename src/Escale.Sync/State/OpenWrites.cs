using System.Text.Json;
using Escale.Core.IO;

namespace Escale.Sync.State;

/// <summary>
/// Which files are open for writing through the mount, kept durably in the state folder
/// (<c>open-writes</c>) so that a restart knows which were open when the agent died: those are
/// <see cref="IsHeld">held back</see> (status <c>interrupted write</c>) instead of being pushed as a
/// version, since the writer got ENOTCONN half-way (76 MB of 200 MB once reached another node as if
/// complete). A hold ends when the file is written and closed again through the mount, or when the
/// user confirms it (<c>escalectl confirm</c>). Marks are written before the open returns; the file is
/// rewritten atomically on each change (it lists only files open now or held, a handful).
/// </summary>
public sealed class OpenWrites
{
    public const string FileName = "open-writes";

    private readonly object _gate = new();
    private readonly string _file;
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _held;

    private OpenWrites(string file, HashSet<string> held)
    {
        _file = file;
        _held = held;
    }

    /// <summary>Loads the journal: every path it lists was open (or held) when the last agent stopped.</summary>
    public static OpenWrites Load(string stateDir)
    {
        var file = Path.Combine(stateDir, FileName);
        var held = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(file))
        {
            try
            {
                foreach (var p in JsonSerializer.Deserialize<string[]>(File.ReadAllBytes(file)) ?? [])
                {
                    held.Add(p);
                }
            }
            catch (JsonException)
            {
                // A torn journal cannot happen (atomic rewrite); an edited one holds nothing back.
            }
        }

        return new OpenWrites(file, held);
    }

    public IReadOnlyCollection<string> Held
    {
        get { lock (_gate) { return _held.ToList(); } }
    }

    public bool IsHeld(string path)
    {
        lock (_gate)
        {
            return _held.Contains(path);
        }
    }

    public void Opened(string path)
    {
        lock (_gate)
        {
            _open[path] = _open.GetValueOrDefault(path) + 1;
            if (_open[path] == 1 && !_held.Contains(path))
            {
                Save();
            }
        }
    }

    /// <summary>A write handle closed; <paramref name="written"/> says whether it wrote (then the file is whole again).</summary>
    public void Closed(string path, bool written)
    {
        lock (_gate)
        {
            var changed = written && _held.Remove(path);
            if (_open.TryGetValue(path, out var n))
            {
                if (n <= 1)
                {
                    _open.Remove(path);
                    changed = true;
                }
                else
                {
                    _open[path] = n - 1;
                }
            }

            if (changed)
            {
                Save();
            }
        }
    }

    /// <summary>The user says the file is as it should be: push it as it is.</summary>
    public bool Confirm(string path)
    {
        lock (_gate)
        {
            var removed = _held.Remove(path);
            if (removed)
            {
                Save();
            }

            return removed;
        }
    }

    /// <summary>A rename through the mount moves the mark (and the hold) with the file.</summary>
    public void Renamed(string from, string to)
    {
        lock (_gate)
        {
            var changed = false;
            if (_held.Remove(from))
            {
                _held.Add(to);
                changed = true;
            }

            if (_open.Remove(from, out var n))
            {
                _open[to] = _open.GetValueOrDefault(to) + n;
                changed = true;
            }

            if (changed)
            {
                Save();
            }
        }
    }

    private void Save() =>
        Durable.WriteAllBytes(_file, JsonSerializer.SerializeToUtf8Bytes(_held.Union(_open.Keys).Order(StringComparer.Ordinal).ToArray()));
}
