using Escale.Core.Paths;
using Escale.Relay;

namespace Escale.Sync.Scanning;

/// <summary>The relay as seen by one pass: user files by path, temp uploads, directories.</summary>
public sealed class RelaySnapshot
{
    public Dictionary<RelayPath, RelayFileState> Files { get; } = [];

    /// <summary>Temporary uploads (ours or others'), with their entry, for garbage collection.</summary>
    public List<(RelayPath Path, RelayEntry Entry)> TempUploads { get; } = [];

    public HashSet<RelayPath> Directories { get; } = [];

    /// <summary>Member records listed in the relay root: the node id each names, with its entry.</summary>
    public List<(string Id, RelayEntry Entry)> MemberRecords { get; } = [];

    /// <summary>Folders whose listing failed this pass: what is below them is unknown, so nothing there is decided.</summary>
    public HashSet<RelayPath> Unlisted { get; } = [];

    /// <summary>Whether <paramref name="path"/> is inside a folder that could not be listed.</summary>
    public bool IsUnlisted(RelayPath path)
    {
        for (var p = path.Parent; Unlisted.Count > 0; p = p.Parent)
        {
            if (Unlisted.Contains(p))
            {
                return true;
            }

            if (p.IsRoot)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Bytes of payloads and temp uploads on the relay (what a quota counts).</summary>
    public long PayloadBytes =>
        Files.Values.Sum(f => (f.Payload?.Size ?? 0) + f.Parts.Values.Sum(p => p.Entry.Size)) + TempUploads.Sum(t => t.Entry.Size);

    public RelayFileState GetOrAdd(RelayPath path)
    {
        if (!Files.TryGetValue(path, out var state))
        {
            state = new RelayFileState(path);
            Files[path] = state;
        }

        return state;
    }
}
