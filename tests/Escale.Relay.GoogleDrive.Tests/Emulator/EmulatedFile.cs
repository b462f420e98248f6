namespace Escale.Relay.GoogleDrive.Tests.Emulator;

/// <summary>One file or folder held by the emulator (Drive's File resource, the fields the driver uses).</summary>
public sealed class EmulatedFile
{
    public const string FolderMime = "application/vnd.google-apps.folder";

    public required string Id { get; init; }

    public required string Name { get; set; }

    public required string MimeType { get; init; }

    public List<string> Parents { get; } = [];

    public byte[] Data { get; set; } = [];

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset Modified { get; set; }

    public bool Trashed { get; set; }

    public bool IsFolder => MimeType == FolderMime;

    /// <summary>The JSON of this resource restricted to the requested fields (Drive's partial response).</summary>
    public Dictionary<string, object?> Project(IReadOnlyCollection<string> fields)
    {
        var all = new Dictionary<string, object?>
        {
            ["kind"] = "drive#file",
            ["id"] = Id,
            ["name"] = Name,
            ["mimeType"] = MimeType,
            ["parents"] = Parents.ToArray(),
            ["trashed"] = Trashed,
            ["createdTime"] = Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            ["modifiedTime"] = Modified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
        };
        if (!IsFolder)
        {
            all["size"] = Data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture); // int64 as a string, as Drive does
        }

        var wanted = fields.Count == 0 ? ["kind", "id", "name", "mimeType"] : fields;
        return all.Where(kv => wanted.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
    }
}
