using Escale.Core.Paths;
using Escale.Relay;
using Microsoft.Extensions.Logging;

namespace Escale.Sync.Members;

/// <summary>
/// Reads the member records a pass listed (each re-read only when its size or mtime changed), keeps this
/// node's own record current (written when missing, changed, retired, or older than
/// <see cref="RefreshEvery"/>: no write per pass), and refuses to run when another node holds this
/// node's client name: the one that joined first keeps it.
/// </summary>
public sealed class MemberRegistry(SyncContext context)
{
    /// <summary>How stale this node's own <c>seen</c> may get before it is written again.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(10);

    /// <summary>Records read per pass at most: a relay cannot make a pass read without end.</summary>
    public const int MaxRecords = 1000;

    private readonly Dictionary<string, (long Size, DateTimeOffset? Mtime, MemberRecord? Record)> _cache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private MemberRecord? _written;

    private string Me => context.Options.Client;

    public async Task<MemberList> RefreshAsync(IReadOnlyList<(string Id, RelayEntry Entry)> listed, CancellationToken ct)
    {
        var records = new List<MemberRecord>();
        foreach (var (id, entry) in listed.Take(MaxRecords))
        {
            if (await ReadAsync(id, entry, ct) is { } r)
            {
                records.Add(r);
            }
        }

        var myId = context.State.NodeId;
        CheckName(records, myId);
        var own = records.FirstOrDefault(r => r.Id == myId);
        var now = context.Time.GetUtcNow().ToUnixTimeSeconds();
        if (own is null || own.IsRetired || own.Name != Me || own.Pulls != context.Options.MayPull
            || now - own.Seen >= RefreshEvery.TotalSeconds || _written is null)
        {
            if (own?.IsRetired == true)
            {
                context.Logger.LogWarning("this node ({Name}) was retired from the repository (escalectl forget); it joins again and catches up", Me);
            }

            // A relay that lost the record (or a rebuilt one) does not make this node a newcomer; a retired one does.
            var joined = own is { IsRetired: false } ? own.Joined : own is null && context.State.Joined is { } kept ? kept : now;
            if (context.State.Joined != joined)
            {
                context.State.Joined = joined;
            }

            var fresh = new MemberRecord(myId, Me, joined, now, context.Options.MayPull);
            await context.Store.WriteAsync(Path(myId), new MemoryStream(fresh.ToBytes()), WriteMode.Overwrite, ct);
            _written = fresh;
            records.RemoveAll(r => r.Id == myId);
            records.Add(fresh);
        }

        return new MemberList(records);
    }

    private static RelayPath Path(string id) => RelayPath.Root.Append(MemberRecord.FileNameOf(id));

    private void CheckName(List<MemberRecord> records, string myId)
    {
        var mine = records.FirstOrDefault(r => r.Id == myId);
        foreach (var other in records.Where(r => r.Id != myId && r.Name == Me && !r.IsRetired))
        {
            // The first to join keeps the name (ties: the smaller id); a node not yet registered is the newcomer.
            var iAmFirst = mine is not null && !mine.IsRetired
                && (mine.Joined < other.Joined || (mine.Joined == other.Joined && string.CompareOrdinal(myId, other.Id) < 0));
            if (!iAmFirst)
            {
                var seen = DateTimeOffset.FromUnixTimeSeconds(other.Seen);
                throw new MemberConflictException(
                    $"another node (id {other.Id}, last seen {seen:yyyy-MM-dd HH:mm} UTC) already uses the client name '{Me}' on this relay; " +
                    $"give this node another 'client' name (this node's id is {myId}), or, if that id was this machine before its state was reset, run 'escalectl forget {other.Id}' first");
            }

            if (_warned.Add(other.Id))
            {
                context.Logger.LogWarning("another node (id {Id}) uses this node's client name '{Name}'; it will refuse to run until renamed", other.Id, Me);
            }
        }
    }

    private async Task<MemberRecord?> ReadAsync(string id, RelayEntry entry, CancellationToken ct)
    {
        // As for placeholders: a same-size rewrite within the store's mtime precision (a minute on some FTP
        // listings) lists exactly as before, so a record that recent is read again rather than trusted; otherwise
        // a member's new "seen" (a late puller back after its payload expired) could go unnoticed.
        if (_cache.TryGetValue(id, out var hit) && hit.Size == entry.Size && hit.Mtime == entry.Modified && entry.Modified is { } m
            && DateTimeOffset.UtcNow - m > 2 * context.Store.Capabilities.TimePrecision)
        {
            return hit.Record;
        }

        var record = entry.Size <= MemberRecord.MaxBytes ? await MemberDirectory.ReadOneAsync(context.Store, id, ct) : null;
        if (record is null)
        {
            context.Logger.LogDebug("member record {Id} is not sound; ignored", id);
        }

        _cache[id] = (entry.Size, entry.Modified, record);
        return record;
    }
}
