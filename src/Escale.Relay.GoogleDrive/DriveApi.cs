using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Google.Apis.Http;

namespace Escale.Relay.GoogleDrive;

/// <summary>
/// The few Drive v3 REST requests the relay needs, written on Google.Apis' HTTP client (credential,
/// exponential backoff) because Google.Apis.Drive.v3 is not available here. Every failure leaves as a
/// <see cref="RelayException"/> through <see cref="DriveErrors"/>.
/// </summary>
internal sealed class DriveApi(ConfigurableHttpClient http, GoogleDriveSettings settings)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ConfigurableHttpClient Http => http;

    public GoogleDriveSettings Settings => settings;

    public string FilesUrl => settings.ApiBase.TrimEnd('/') + "/drive/v3/files";

    public string UploadUrl => settings.ApiBase.TrimEnd('/') + "/upload/drive/v3/files";

    /// <summary>A string literal of the Drive query language: backslash and quote escaped.</summary>
    public static string Quote(string value) => "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    /// <summary>Children of a folder (not trashed), optionally only those with one exact name; every page.</summary>
    public async IAsyncEnumerable<DriveFile> ListAsync(string parentId, string? name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var q = $"{Quote(parentId)} in parents and trashed = false" + (name is null ? "" : $" and name = {Quote(name)}");
        string? pageToken = null;
        do
        {
            var url = $"{FilesUrl}?q={Uri.EscapeDataString(q)}&fields={Uri.EscapeDataString($"nextPageToken,files({DriveFile.Fields})")}&pageSize=1000"
                + "&spaces=drive&orderBy=createdTime"
                + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken));
            var page = await SendJsonAsync<DriveFileList>(() => new HttpRequestMessage(HttpMethod.Get, url), "list", cancellationToken);
            foreach (var f in page.Files)
            {
                yield return f;
            }

            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);
    }

    public Task<DriveFile> CreateFolderAsync(string parentId, string name, CancellationToken cancellationToken) =>
        SendJsonAsync<DriveFile>(() => new HttpRequestMessage(HttpMethod.Post, $"{FilesUrl}?fields={DriveFile.Fields}")
        {
            Content = JsonBody(new { name, mimeType = DriveFile.FolderMime, parents = new[] { parentId } }),
        }, "create folder " + name, cancellationToken);

    /// <summary>files.update: rename and/or move (addParents/removeParents).</summary>
    public Task<DriveFile> UpdateAsync(string id, string name, string? addParent, string? removeParent, CancellationToken cancellationToken)
    {
        var url = $"{FilesUrl}/{Uri.EscapeDataString(id)}?fields={DriveFile.Fields}"
            + (addParent is null ? "" : "&addParents=" + Uri.EscapeDataString(addParent))
            + (removeParent is null ? "" : "&removeParents=" + Uri.EscapeDataString(removeParent));
        return SendJsonAsync<DriveFile>(() => new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonBody(new { name }) },
            "rename to " + name, cancellationToken);
    }

    /// <summary>files.delete; a file already gone is not an error.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"{FilesUrl}/{Uri.EscapeDataString(id)}"),
            HttpCompletionOption.ResponseContentRead, "delete", cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw await DriveErrors.FromResponseAsync(response, "delete", cancellationToken);
        }
    }

    /// <summary>files.get alt=media from an offset (Range); the caller disposes the stream.</summary>
    public async Task<Stream> DownloadAsync(string id, long offset, long size, CancellationToken cancellationToken)
    {
        if (offset >= size)
        {
            return new MemoryStream([], writable: false); // Drive answers 416 for a range past the end
        }

        var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{FilesUrl}/{Uri.EscapeDataString(id)}?alt=media");
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            return request;
        }, HttpCompletionOption.ResponseHeadersRead, "download", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await DriveErrors.FromResponseAsync(response, "download", cancellationToken);
            }
        }

        if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
        {
            response.Dispose();
            throw new RelayException(RelayErrorKind.Permanent, "Google Drive: download: the Range request was answered with the whole file");
        }

        return new DriveDownloadStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    public async Task<RelaySpace?> AboutAsync(CancellationToken cancellationToken)
    {
        var about = await SendJsonAsync<DriveAbout>(() => new HttpRequestMessage(HttpMethod.Get,
            $"{settings.ApiBase.TrimEnd('/')}/drive/v3/about?fields=storageQuota"), "about", cancellationToken);
        return about.StorageQuota is { } q ? new RelaySpace(q.Usage, q.Limit) : null;
    }

    public static StringContent JsonBody(object value) =>
        new(JsonSerializer.Serialize(value, Json), Encoding.UTF8, "application/json");

    public async Task<T> SendJsonAsync<T>(Func<HttpRequestMessage> build, string what, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(build, HttpCompletionOption.ResponseContentRead, what, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await DriveErrors.FromResponseAsync(response, what, cancellationToken);
        }

        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return JsonSerializer.Deserialize<T>(text, Json)
                ?? throw new RelayException(RelayErrorKind.Permanent, $"Google Drive: {what}: empty answer");
        }
        catch (Exception e)
        {
            throw DriveErrors.FromException(e, what, cancellationToken);
        }
    }

    /// <summary>One request through the Google.Apis pipeline (token, backoff); transport errors translated.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, HttpCompletionOption completion, string what, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var request = build();
            return await http.SendAsync(request, completion, cancellationToken);
        }
        catch (Exception e)
        {
            throw DriveErrors.FromException(e, what, cancellationToken);
        }
    }
}
