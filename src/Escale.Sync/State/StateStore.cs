using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Escale.Core.IO;
using Microsoft.Win32.SafeHandles;

namespace Escale.Sync.State;

/// <summary>
/// Durable per-repository state: agreed file records, access modifiers, this node's id, and the queue
/// of pending pushes. Kept in memory, persisted as an append-only journal of JSON lines, each on
/// disk before the call returns, so it survives <c>kill -9</c> at any instant: a torn last line
/// is dropped on load. Compacted by writing a snapshot to a temp file and renaming it over.
/// Only one process may own a repository's state at a time (an exclusive lock on the folder).
/// Group commit: callers that append while an fsync runs share the next one (transfers run in
/// parallel), and two kinds of line need none of their own because a crash that loses them is
/// already covered (<see cref="Put"/> right after <see cref="SetPendingInstall"/> of the same
/// version, <see cref="Dequeue"/>): they reach the disk with the next fsync or compaction; an
/// append is a single write(2), so what the process wrote survives its own death in any case.
/// </summary>
public sealed class StateStore : IDisposable
{
    private const string JournalName = "state.journal";
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly object _gate = new();
    private readonly string _dir;
    private readonly FileStream _ownerLock;
    private readonly Dictionary<string, FileRecord> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessFlags> _access = new(StringComparer.Ordinal);
    private string? _nodeId;
    private long? _joined;
    private readonly HashSet<string> _served = new(StringComparer.Ordinal);
    private readonly HashSet<string> _queue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileRecord> _pending = new(StringComparer.Ordinal);
    private readonly object _syncGate = new(); // taken before _gate, never inside it
    private SafeFileHandle _journal;
    private long _journalLength;
    private long _written;
    private long _synced;
    private int _lines;

    private StateStore(string dir, FileStream ownerLock)
    {
        _dir = dir;
        _ownerLock = ownerLock;
        Load();
        Compact();
        _journal = OpenJournal();
    }

    /// <summary>Opens (creating) the state folder; fails with one clear line if another process owns it.</summary>
    public static StateStore Open(string dir)
    {
        System.IO.Directory.CreateDirectory(dir);
        FileStream owner;
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix.
            owner = new FileStream(Path.Combine(dir, "owner.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new StateLockedException($"another escale process is already working on this repository (state folder {dir} is locked)");
        }

        return new StateStore(dir, owner);
    }

    public string Folder => _dir;

    public FileRecord? Get(string path)
    {
        lock (_gate)
        {
            return _files.GetValueOrDefault(path);
        }
    }

    public IReadOnlyDictionary<string, FileRecord> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, FileRecord>(_files, StringComparer.Ordinal);
        }
    }

    /// <remarks>
    /// Not fsynced on its own when it confirms the pending install of the same version: a crash that
    /// loses it leaves that pending record, by which the next start recognises the pull anyway.
    /// </remarks>
    public void Put(string path, FileRecord record)
    {
        bool covered;
        lock (_gate)
        {
            covered = _pending.TryGetValue(path, out var pending) && pending.Checksum == record.Checksum && pending.Timestamp == record.Timestamp;
        }

        Apply(new Entry { K = "f", P = path, R = record }, durable: !covered);
    }

    /// <summary>
    /// Written just before a pulled file is renamed into place: the version and the exact size and
    /// mtime the file will have. If the process dies between the rename and <see cref="Put"/>, the next
    /// start recognises the file as that pull (not as a local edit) by this record. Cleared by Put/Remove.
    /// </summary>
    public void SetPendingInstall(string path, FileRecord record) => Apply(new Entry { K = "p", P = path, R = record });

    public FileRecord? GetPendingInstall(string path)
    {
        lock (_gate)
        {
            return _pending.GetValueOrDefault(path);
        }
    }

    public void Remove(string path) => Apply(new Entry { K = "fd", P = path });

    public AccessFlags GetAccess(string path)
    {
        lock (_gate)
        {
            return _access.GetValueOrDefault(path);
        }
    }

    public void SetAccess(string path, AccessFlags flags) =>
        Apply(new Entry { K = "a", P = path, AR = flags.Read, AW = flags.Write });

    /// <summary>
    /// This node's id in the repository (its member record on the relay): random, generated on first use
    /// and kept, so a renamed or moved node stays the same member and a clone with a copied name does not.
    /// </summary>
    public string NodeId
    {
        get
        {
            lock (_gate)
            {
                if (_nodeId is not null)
                {
                    return _nodeId;
                }
            }

            var id = Members.MemberRecord.NewId();
            Apply(new Entry { K = "id", P = id });
            return id;
        }
    }

    /// <summary>
    /// When this node joined the repository (Unix seconds; null before its first registration). Kept here as
    /// well as in its member record, so a relay that lost the record does not make the node a newcomer.
    /// </summary>
    public long? Joined
    {
        get
        {
            lock (_gate)
            {
                return _joined;
            }
        }

        set => Apply(new Entry { K = "joined", P = (value ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>Whether every version this node holds was offered again to this member (catch-up done).</summary>
    public bool HasServed(string memberId)
    {
        lock (_gate)
        {
            return _served.Contains(memberId);
        }
    }

    public void AddServed(string memberId) => Apply(new Entry { K = "served", P = memberId });

    public IReadOnlyCollection<string> Queue
    {
        get
        {
            lock (_gate)
            {
                return _queue.ToList();
            }
        }
    }

    public bool IsQueued(string path)
    {
        lock (_gate)
        {
            return _queue.Contains(path);
        }
    }

    public void Enqueue(string path) => Apply(new Entry { K = "q", P = path });

    /// <remarks>
    /// Not fsynced on its own: a crash that loses it leaves the path queued, and a queued path whose
    /// record already matches the file is found to have nothing to push.
    /// </remarks>
    public void Dequeue(string path) => Apply(new Entry { K = "qd", P = path }, durable: false);

    public void Dispose()
    {
        lock (_syncGate)
        {
            lock (_gate)
            {
                if (_synced < _written)
                {
                    RandomAccess.FlushToDisk(_journal); // the lines that waited for a later fsync
                }

                _journal.Dispose();
                _ownerLock.Dispose();
            }
        }
    }

    private void Apply(Entry entry, bool durable = true)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(entry, Json);
        var line = new byte[bytes.Length + 1];
        bytes.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        long sequence;
        bool compact;
        lock (_gate)
        {
            ApplyInMemory(entry);
            RandomAccess.Write(_journal, line, _journalLength); // one pwrite(2) at the end (this process owns the file)
            _journalLength += line.Length;
            sequence = ++_written;
            _lines++;
            compact = NeedsCompaction;
        }

        if (durable || compact)
        {
            Commit(sequence, compact);
        }
    }

    /// <summary>
    /// Returns once line <paramref name="sequence"/> is on disk. One caller at a time fsyncs, for
    /// every line appended until then: the callers that queued behind it usually find theirs done.
    /// Compaction happens here too, so the journal is never replaced under a running fsync.
    /// </summary>
    private void Commit(long sequence, bool compact)
    {
        lock (_syncGate)
        {
            if (Interlocked.Read(ref _synced) >= sequence && !compact)
            {
                return;
            }

            SafeFileHandle journal;
            long upTo;
            lock (_gate)
            {
                (journal, upTo) = (_journal, _written);
            }

            RandomAccess.FlushToDisk(journal);
            if (compact)
            {
                lock (_gate)
                {
                    if (!NeedsCompaction)
                    {
                        Interlocked.Exchange(ref _synced, upTo);
                        return; // another caller compacted meanwhile
                    }

                    _journal.Dispose();
                    Compact();
                    _journal = OpenJournal();
                    upTo = _written;
                }
            }

            Interlocked.Exchange(ref _synced, upTo);
        }
    }

    private void ApplyInMemory(Entry e)
    {
        switch (e.K)
        {
            case "f" when e.R is not null:
                _files[e.P] = e.R;
                _pending.Remove(e.P);
                break;
            case "fd":
                _files.Remove(e.P);
                _pending.Remove(e.P);
                break;
            case "p" when e.R is not null:
                _pending[e.P] = e.R;
                break;
            case "a":
                var flags = new AccessFlags(e.AR, e.AW);
                if (flags.IsDefault)
                {
                    _access.Remove(e.P);
                }
                else
                {
                    _access[e.P] = flags;
                }

                break;
            case "id":
                _nodeId ??= e.P;
                break;
            case "joined":
                _joined = long.TryParse(e.P, System.Globalization.CultureInfo.InvariantCulture, out var j) && j > 0 ? j : null;
                break;
            case "served":
                _served.Add(e.P);
                break;
            case "q":
                _queue.Add(e.P);
                break;
            case "qd":
                _queue.Remove(e.P);
                break;
            default:
                break; // written by a newer version: ignore
        }
    }

    private void Load()
    {
        var path = Path.Combine(_dir, JournalName);
        if (!File.Exists(path))
        {
            return;
        }

        var text = File.ReadAllText(path, Encoding.UTF8);
        var lastNewline = text.LastIndexOf('\n');
        foreach (var line in text[..(lastNewline + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Entry? e;
            try
            {
                e = JsonSerializer.Deserialize<Entry>(line, Json);
            }
            catch (JsonException)
            {
                break; // damaged from here on: keep what was sound
            }

            if (e?.K is null || e.P is null)
            {
                break;
            }

            ApplyInMemory(e);
        }
    }

    private void Compact()
    {
        var sb = new StringBuilder();
        void Add(Entry e) => sb.Append(JsonSerializer.Serialize(e, Json)).Append('\n');
        foreach (var (p, r) in _files)
        {
            Add(new Entry { K = "f", P = p, R = r });
        }

        foreach (var (p, a) in _access)
        {
            Add(new Entry { K = "a", P = p, AR = a.Read, AW = a.Write });
        }

        if (_nodeId is not null)
        {
            Add(new Entry { K = "id", P = _nodeId });
        }

        if (_joined is { } joined)
        {
            Add(new Entry { K = "joined", P = joined.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        foreach (var id in _served)
        {
            Add(new Entry { K = "served", P = id });
        }

        foreach (var q in _queue)
        {
            Add(new Entry { K = "q", P = q });
        }

        foreach (var (p, r) in _pending)
        {
            Add(new Entry { K = "p", P = p, R = r });
        }

        Durable.WriteAllBytes(Path.Combine(_dir, JournalName), Encoding.UTF8.GetBytes(sb.ToString()));
        _lines = _files.Count + _access.Count + 2 + _served.Count + _queue.Count + _pending.Count;
    }

    private bool NeedsCompaction => _lines > 1000 && _lines > 4 * (_files.Count + _access.Count + 2 + _served.Count + _queue.Count + _pending.Count);

    private SafeFileHandle OpenJournal()
    {
        // just compacted: ends with a whole line, so appending at the length never glues onto a torn one
        var handle = File.OpenHandle(Path.Combine(_dir, JournalName), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        _journalLength = RandomAccess.GetLength(handle);
        return handle;
    }

    private sealed class Entry
    {
        public string K { get; set; } = "";

        public string P { get; set; } = "";

        public FileRecord? R { get; set; }

        public bool? AR { get; set; }

        public bool? AW { get; set; }
    }
}
