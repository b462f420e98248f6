using System.Runtime.CompilerServices;
using Escale.Core.Paths;
using Google.Apis.Http;

namespace Escale.Relay.GoogleDrive;

/// <summary>
/// A relay folder in Google Drive (API v3). Drive keys files by id and allows several files with one name
/// in a folder, so: a path means the OLDEST file of that name; CreateNew is create-then-list, the oldest id
/// wins and a loser deletes its own; Delete removes every file of the name.
/// </summary>
public sealed partial class GoogleDriveRelayStore : IRelayStore, IProbeReport
{
    private readonly DriveApi _api;
    private readonly DriveFolders _folders;
    private readonly DriveUploads _uploads;
    private readonly ConfigurableHttpClient _http;

    private GoogleDriveRelayStore(ConfigurableHttpClient http, GoogleDriveSettings settings, string rootId)
    {
        _http = http;
        _api = new DriveApi(http, settings);
        _folders = new DriveFolders(_api, rootId);
        _uploads = new DriveUploads(_api);
        Description = $"Google Drive folder {(settings.RootPath.Length > 0 ? settings.RootPath : settings.RootFolderId)}"
            + (settings.ApiBase == GoogleDriveSettings.DefaultApiBase ? "" : $" at {settings.ApiBase}");
        ProbeReport =
        [
            $"Drive API v3 at {settings.ApiBase}, scope drive.file (Escale sees only the files it created)",
            $"relay folder: {(settings.RootPath.Length > 0 ? settings.RootPath : "My Drive")} (folder id {rootId})",
            $"authorization: refresh token in {settings.TokenFile}",
            "names: Drive allows two files with one name; the oldest is the file, a lock is create-then-list (oldest wins)",
            "what Google sees: names, folders, sizes and times always; contents too unless 'encryption' is ours (aead, fernet), not native/off",
        ];
    }

    /// <summary>Fixed facts, not measured: the API's behaviour is documented, not server-dependent.</summary>
    public IReadOnlyList<string> ProbeReport { get; }

    public RelayCapabilities Capabilities { get; } = new()
    {
        // Create-then-list is exact only if listings are immediately consistent, which Drive does not promise.
        AtomicCreateNew = false,
        CreateNewSettleTime = TimeSpan.FromSeconds(2),
        AtomicRenameOverwrite = false,
        Append = false,
        ListingHasTimes = true,
        TimePrecision = TimeSpan.FromMilliseconds(1),
        DotFilesAllowed = true,
        CaseSensitive = true,
        PartialUploadsVisible = false, // a resumable upload becomes a file only when its last byte arrived
        ResumableDownload = true,
        Parallelism = 4,
    };

    public string Description { get; }

    public async IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var children = await ChildrenAsync(directory, null, cancellationToken);
        foreach (var group in children.GroupBy(f => f.Name, StringComparer.Ordinal))
        {
            yield return DriveFolders.Oldest(group)!.ToEntry();
        }
    }

    public async Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken)
    {
        if (path.IsRoot)
        {
            return new RelayEntry("", RelayEntryKind.Directory, 0, null);
        }

        return (await FindAsync(path, cancellationToken))?.ToEntry();
    }

    public async Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken)
    {
        var file = await FindAsync(path, cancellationToken);
        if (file is null || file.IsFolder)
        {
            throw new RelayException(RelayErrorKind.NotFound, $"Google Drive: {RelayPath.Printable(path.Value)} is not there");
        }

        return await _api.DownloadAsync(file.Id, offset, file.Size ?? 0, cancellationToken);
    }

    public async Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken)
    {
        var (parentId, sameName) = await TargetAsync(path, cancellationToken);
        var existing = DriveFolders.Oldest(sameName);
        if (existing is not null && (mode == WriteMode.CreateNew || existing.IsFolder))
        {
            throw new RelayException(RelayErrorKind.AlreadyExists, $"Google Drive: {RelayPath.Printable(path.Value)} already exists");
        }

        if (existing is not null)
        {
            await _uploads.UploadAsync(null, path.Name, existing.Id, content, cancellationToken);
            return;
        }

        var made = await _uploads.UploadAsync(parentId, path.Name, null, content, cancellationToken);
        if (mode == WriteMode.CreateNew)
        {
            await KeepIfOldestAsync(parentId, path, made, cancellationToken);
        }
    }

    public Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        throw new RelayException(RelayErrorKind.Permanent, "Google Drive cannot append to a file");

    public async Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken)
    {
        var source = await FindAsync(from, cancellationToken)
            ?? throw new RelayException(RelayErrorKind.NotFound, $"Google Drive: {RelayPath.Printable(from.Value)} is not there");
        var sourceParent = await _folders.ResolveAsync(from.Parent, create: false, cancellationToken);
        var (targetParent, sameName) = await TargetAsync(to, cancellationToken);
        var targets = sameName.Where(f => f.Id != source.Id).ToList();
        if (targets.Count > 0 && !overwrite)
        {
            throw new RelayException(RelayErrorKind.AlreadyExists, $"Google Drive: {RelayPath.Printable(to.Value)} already exists");
        }

        // Drive has no replacing move: the old targets go first, so that no reader sees the older file win.
        foreach (var t in targets)
        {
            await _api.DeleteAsync(t.Id, cancellationToken);
        }

        var move = sourceParent != targetParent;
        await _api.UpdateAsync(source.Id, to.Name, move ? targetParent : null, move ? sourceParent : null, cancellationToken);
    }

    public async Task DeleteAsync(RelayPath path, CancellationToken cancellationToken)
    {
        if (path.IsRoot)
        {
            return;
        }

        foreach (var f in await ChildrenAsync(path.Parent, path.Name, cancellationToken))
        {
            await _api.DeleteAsync(f.Id, cancellationToken);
        }
    }

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken) =>
        _folders.ResolveAsync(path, create: true, cancellationToken);

    public async Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken) => await _api.AboutAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
