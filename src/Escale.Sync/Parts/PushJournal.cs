using System.Text.Json;
using System.Text.Json.Serialization;
using Escale.Core.IO;

namespace Escale.Sync.Parts;

/// <summary>
/// The pusher's record of one split version in progress: which local content (size, mtime, checksum, part digests)
/// and which parts are already up. Rewritten atomically after every part, so after kill -9 the push continues at
/// the next missing part and never uploads again a part the relay confirmed (listed at its exact encoded size).
/// </summary>
internal sealed class PushJournal
{
    public string Checksum { get; set; } = "";

    public long Size { get; set; }

    public long MtimeTicks { get; set; }

    public long PartSize { get; set; }

    public int Count { get; set; }

    public List<string> Sums { get; set; } = [];

    /// <summary>Parts uploaded and confirmed (from 1).</summary>
    public SortedSet<int> Up { get; set; } = [];

    /// <summary>Whether the placeholder naming this version was written (parts are uploaded only after it).</summary>
    public bool Published { get; set; }

    [JsonIgnore]
    public string FilePath { get; private set; } = "";

    [JsonIgnore]
    public PartPlan Plan => new(Size, PartSize, Count);

    public IEnumerable<int> Missing => Enumerable.Range(1, Count).Where(i => !Up.Contains(i));

    public bool IsFor(long size, long mtimeTicks, PartPlan plan) =>
        Size == size && MtimeTicks == mtimeTicks && PartSize == plan.PartSize && Count == plan.Count && Sums.Count == Count;

    public static string PathFor(string stateFolder, string relayPath) =>
        Path.Combine(PartFolders.Root(stateFolder), PartFolders.Key(relayPath) + ".push");

    /// <summary>The journal of <paramref name="relayPath"/>, or null (none, or unreadable: started again).</summary>
    public static PushJournal? Load(string stateFolder, string relayPath)
    {
        var path = PathFor(stateFolder, relayPath);
        try
        {
            var journal = JsonSerializer.Deserialize<PushJournal>(File.ReadAllBytes(path));
            if (journal is not null)
            {
                journal.FilePath = path;
            }

            return journal;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static PushJournal Create(string stateFolder, string relayPath, string checksum, long size, long mtimeTicks, PartPlan plan, List<string> sums) =>
        new()
        {
            Checksum = checksum, Size = size, MtimeTicks = mtimeTicks, PartSize = plan.PartSize, Count = plan.Count, Sums = sums,
            FilePath = PathFor(stateFolder, relayPath),
        };

    public void Save()
    {
        lock (this)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            Durable.WriteAllBytes(FilePath, JsonSerializer.SerializeToUtf8Bytes(this));
        }
    }

    public void MarkUp(int index)
    {
        lock (this)
        {
            Up.Add(index);
            Save();
        }
    }

    public static void Delete(string stateFolder, string relayPath)
    {
        try
        {
            File.Delete(PathFor(stateFolder, relayPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
