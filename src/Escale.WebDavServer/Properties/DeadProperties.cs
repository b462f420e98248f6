using System.Xml.Linq;

namespace Escale.WebDavServer.Properties;

/// <summary>
/// Properties clients set with PROPPATCH (Windows' Win32 attributes, Finder's, litmus's), kept in
/// memory per path and carried along by MOVE and COPY. They are a courtesy to the client: not
/// synced, not kept across restarts (README says so).
/// </summary>
internal sealed class DeadProperties
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<XName, XElement>> _byPath = new(StringComparer.Ordinal);

    public IReadOnlyList<XElement> All(string path)
    {
        lock (_gate)
        {
            return _byPath.TryGetValue(path, out var props) ? [.. props.Values.Select(p => new XElement(p))] : [];
        }
    }

    public XElement? Get(string path, XName name)
    {
        lock (_gate)
        {
            return _byPath.TryGetValue(path, out var props) && props.TryGetValue(name, out var p) ? new XElement(p) : null;
        }
    }

    /// <summary>Applies a whole PROPPATCH at once, so a failure elsewhere in it leaves nothing half-done.</summary>
    public void Apply(string path, IEnumerable<XElement> set, IEnumerable<XName> remove)
    {
        lock (_gate)
        {
            if (!_byPath.TryGetValue(path, out var props))
            {
                _byPath[path] = props = [];
            }

            foreach (var e in set)
            {
                props[e.Name] = new XElement(e);
            }

            foreach (var n in remove)
            {
                props.Remove(n);
            }

            if (props.Count == 0)
            {
                _byPath.Remove(path);
            }
        }
    }

    public void Move(string from, string to)
    {
        lock (_gate)
        {
            Delete(to);
            foreach (var key in _byPath.Keys.Where(k => DavPath.IsAtOrBelow(k, from)).ToList())
            {
                _byPath[to + key[from.Length..]] = _byPath[key];
                _byPath.Remove(key);
            }
        }
    }

    public void Copy(string from, string to, bool deep)
    {
        lock (_gate)
        {
            Delete(to);
            foreach (var key in _byPath.Keys.Where(k => deep ? DavPath.IsAtOrBelow(k, from) : k == from).ToList())
            {
                _byPath[to + key[from.Length..]] = _byPath[key].ToDictionary(p => p.Key, p => new XElement(p.Value));
            }
        }
    }

    public void Delete(string path)
    {
        lock (_gate)
        {
            foreach (var key in _byPath.Keys.Where(k => DavPath.IsAtOrBelow(k, path)).ToList())
            {
                _byPath.Remove(key);
            }
        }
    }
}
