using System.Text.Json.Serialization;

namespace Escale.Relay.GoogleDrive;

/// <summary>The fields of a Drive v3 File resource that the driver asks for (always through <c>fields</c>).</summary>
internal sealed record DriveFile
{
    public const string FolderMime = "application/vnd.google-apps.folder";

    /// <summary>The <c>fields</c> selector for one file; listings wrap it in <c>files(...)</c>.</summary>
    public const string Fields = "id,name,mimeType,size,modifiedTime,createdTime";

    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("mimeType")]
    public string MimeType { get; init; } = "";

    /// <summary>Drive sends int64 values as JSON strings; absent for folders.</summary>
    [JsonPropertyName("size")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? Size { get; init; }

    [JsonPropertyName("modifiedTime")]
    public DateTimeOffset? ModifiedTime { get; init; }

    [JsonPropertyName("createdTime")]
    public DateTimeOffset? CreatedTime { get; init; }

    public bool IsFolder => MimeType == FolderMime;

    public RelayEntry ToEntry() =>
        new(Name, IsFolder ? RelayEntryKind.Directory : RelayEntryKind.File, IsFolder ? 0 : Size ?? 0, ModifiedTime);
}

internal sealed record DriveFileList
{
    [JsonPropertyName("files")]
    public List<DriveFile> Files { get; init; } = [];

    [JsonPropertyName("nextPageToken")]
    public string? NextPageToken { get; init; }
}

internal sealed record DriveAbout
{
    [JsonPropertyName("storageQuota")]
    public DriveQuota? StorageQuota { get; init; }
}

internal sealed record DriveQuota
{
    [JsonPropertyName("limit")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? Limit { get; init; }

    [JsonPropertyName("usage")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? Usage { get; init; }
}
