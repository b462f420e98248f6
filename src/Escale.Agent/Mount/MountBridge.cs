using System.Collections.Concurrent;
using Escale.Sync;
using Escale.Sync.Scanning;
using Escale.Vfs;
using Microsoft.Extensions.Logging;

namespace Escale.Agent.Mount;

/// <summary>
/// The mount's view of the sync engine: offers (indexed by folder, rebuilt when they change, so
/// kernel lookups answer from memory), fetch on open, file states for the xattr, and local changes
/// turned into durable queue entries. The engine never learns that a mount exists.
/// </summary>
public sealed class MountBridge : IRelayOffers, IWriteBack, IWriteJournal
{
    private readonly SyncEngine _engine;
    private readonly FileFilter _filter;
    private readonly string _localRoot;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _declined = new(StringComparer.Ordinal);
    private volatile Dictionary<string, List<OfferedFile>> _byFolder = [];
    private volatile Dictionary<string, OfferedFile> _byPath = [];

    public MountBridge(SyncEngine engine, FileFilter filter, string localRoot, ILogger logger)
    {
        _engine = engine;
        _filter = filter;
        _localRoot = localRoot;
        _logger = logger;
        engine.Reconciler.OffersChanged += OnOffersChanged;
        Rebuild();
    }

    public event Action<string>? Changed;

    public IReadOnlyList<OfferedFile> ListOffers(string relativeDirectory) =>
        _byFolder.TryGetValue(relativeDirectory, out var list) ? list : [];

    public OfferedFile? FindOffer(string relativePath) => _byPath.GetValueOrDefault(relativePath);

    public async Task FetchAsync(string relativePath, CancellationToken ct)
    {
        try
        {
            await _engine.FetchAsync(relativePath, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The mount's fetch coordinator logs the failure once (the open gets EIO); not twice.
            _logger.LogDebug("fetch of {Path} failed: {Message}", relativePath, e.Message);
            throw;
        }
    }

    public string DescribeState(string relativePath) =>
        _byPath.TryGetValue(relativePath, out var offer) && !offer.IsDirectory ? "offered" : _engine.Reconciler.Describe(relativePath).Describe();

    void IWriteBack.Changed(string relativePath)
    {
        if (Synced(relativePath))
        {
            _engine.Enqueue(relativePath);
        }
    }

    void IWriteJournal.OpenedForWrite(string relativePath) => _engine.Reconciler.Context.OpenWrites?.Opened(relativePath);

    void IWriteJournal.ClosedAfterWrite(string relativePath, bool written) => _engine.Reconciler.Context.OpenWrites?.Closed(relativePath, written);

    public void Renamed(string from, string to)
    {
        _engine.Reconciler.Context.OpenWrites?.Renamed(from, to);
        _engine.Dequeue(from);
        var full = Path.Combine(_localRoot, to);
        if (Directory.Exists(full))
        {
            // A folder moved: every file below it is new under its new name.
            foreach (var file in Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            {
                var rel = Path.GetRelativePath(_localRoot, file).Replace('\\', '/');
                if (Synced(rel))
                {
                    _engine.Enqueue(rel);
                }
            }
        }
        else if (Synced(to))
        {
            _engine.Enqueue(to);
        }
    }

    public void Deleted(string relativePath)
    {
        _engine.Dequeue(relativePath);
        if (_byPath.TryGetValue(relativePath, out var offer) && !offer.IsDirectory)
        {
            // rm of an offered file declines this version: hidden until a newer one is offered.
            _declined[relativePath] = offer.Modified;
            Rebuild();
            Raise([relativePath]);
        }
    }

    private bool Synced(string relativePath) =>
        !relativePath.Split('/').Any(s => s.StartsWith('.')) && _filter.Accepts(Path.GetFileName(relativePath))
        && !_engine.Reconciler.IsIgnored(relativePath);

    private void OnOffersChanged(IReadOnlyCollection<string> paths)
    {
        Rebuild();
        Raise(paths);
    }

    private void Raise(IEnumerable<string> paths)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in paths)
        {
            all.Add(p);
            for (var slash = p.LastIndexOf('/'); slash > 0; slash = p.LastIndexOf('/', slash - 1))
            {
                all.Add(p[..slash]); // folders that exist only because of offers appear and vanish too
            }

            all.Add("");
        }

        foreach (var p in all)
        {
            Changed?.Invoke(p);
        }
    }

    private void Rebuild()
    {
        var byFolder = new Dictionary<string, List<OfferedFile>>(StringComparer.Ordinal);
        var byPath = new Dictionary<string, OfferedFile>(StringComparer.Ordinal);
        foreach (var o in _engine.Reconciler.Offers)
        {
            if (_declined.TryGetValue(o.Path, out var when) && when >= o.Modified)
            {
                continue;
            }

            var file = new OfferedFile(o.Path, o.Size, o.Modified);
            byPath[o.Path] = file;
            Add(byFolder, Parent(o.Path), file);
            for (var dir = Parent(o.Path); dir.Length > 0; dir = Parent(dir))
            {
                if (!byPath.ContainsKey(dir))
                {
                    var folder = new OfferedFile(dir, null, o.Modified, IsDirectory: true);
                    byPath[dir] = folder;
                    Add(byFolder, Parent(dir), folder);
                }
            }
        }

        _byFolder = byFolder;
        _byPath = byPath;
    }

    private static void Add(Dictionary<string, List<OfferedFile>> index, string folder, OfferedFile file)
    {
        if (!index.TryGetValue(folder, out var list))
        {
            index[folder] = list = [];
        }

        list.Add(file);
    }

    private static string Parent(string path)
    {
        var i = path.LastIndexOf('/');
        return i < 0 ? "" : path[..i];
    }
}
