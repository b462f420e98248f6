using System.Net;
using System.Net.Http.Headers;

namespace Escale.Relay.GoogleDrive;

/// <summary>
/// Content uploads: small files in one multipart request, larger ones as a resumable session sent in
/// chunks. A chunk cut by the network is not sent again from zero: the session is asked how much it
/// holds (<c>Content-Range: bytes */N</c> → 308 with <c>Range</c>) and the upload resumes there.
/// Memory stays bounded by one chunk.
/// </summary>
internal sealed class DriveUploads(DriveApi api)
{
    /// <summary>How many cuts one upload survives before the error goes to the caller.</summary>
    private const int MaxResumes = 5;

    /// <summary>Creates a file in <paramref name="parentId"/> (fileId null) or replaces a file's content.</summary>
    public async Task<DriveFile> UploadAsync(string? parentId, string name, string? fileId, Stream content, CancellationToken cancellationToken)
    {
        var settings = api.Settings;
        var first = new byte[Math.Max(settings.MultipartLimit, settings.ChunkSize) + 1];
        var filled = await FillAsync(content, first, cancellationToken);
        object metadata = fileId is null ? new { name, parents = new[] { parentId } } : new { name };
        if (filled <= settings.MultipartLimit)
        {
            return await MultipartAsync(metadata, fileId, first.AsMemory(0, filled), cancellationToken);
        }

        return await ResumableAsync(metadata, fileId, first, filled, content, cancellationToken);
    }

    private Task<DriveFile> MultipartAsync(object metadata, string? fileId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        api.SendJsonAsync<DriveFile>(() =>
        {
            var body = new MultipartContent("related")
            {
                DriveApi.JsonBody(metadata),
                new ReadOnlyMemoryContent(data) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
            };
            return new HttpRequestMessage(fileId is null ? HttpMethod.Post : HttpMethod.Patch, Target(fileId, "multipart")) { Content = body };
        }, "upload", cancellationToken);

    private async Task<DriveFile> ResumableAsync(object metadata, string? fileId, byte[] buffer, int filled, Stream content, CancellationToken cancellationToken)
    {
        Uri session;
        using (var start = await api.SendAsync(() =>
        {
            var r = new HttpRequestMessage(fileId is null ? HttpMethod.Post : HttpMethod.Patch, Target(fileId, "resumable")) { Content = DriveApi.JsonBody(metadata) };
            r.Headers.Add("X-Upload-Content-Type", "application/octet-stream");
            return r;
        }, HttpCompletionOption.ResponseContentRead, "start upload", cancellationToken))
        {
            if (!start.IsSuccessStatusCode)
            {
                throw await DriveErrors.FromResponseAsync(start, "start upload", cancellationToken);
            }

            session = start.Headers.Location
                ?? throw new RelayException(RelayErrorKind.Permanent, "Google Drive: start upload: no session address in the answer");
            if (!session.IsAbsoluteUri)
            {
                session = new Uri(new Uri(api.UploadUrl), session);
            }
        }

        // buffer[0..filled) holds the bytes from chunkStart; a chunk is final when the stream has no more.
        var chunk = api.Settings.ChunkSize;
        long chunkStart = 0;
        var resumes = 0;
        while (true)
        {
            if (filled < buffer.Length)
            {
                filled += await FillAsync(content, buffer.AsMemory(filled), cancellationToken);
            }

            var final = filled <= chunk;
            var length = final ? filled : chunk;
            long? total = final ? chunkStart + filled : null;
            long sent;
            try
            {
                var result = await PutAsync(session, buffer.AsMemory(0, length), chunkStart, total, cancellationToken);
                if (result.Done is { } done)
                {
                    return done;
                }

                sent = result.Received;
            }
            catch (RelayException e) when (e.IsTransient && resumes < MaxResumes)
            {
                resumes++;
                var status = await PutAsync(session, ReadOnlyMemory<byte>.Empty, -1, total, cancellationToken);
                if (status.Done is { } done)
                {
                    return done;
                }

                sent = status.Received;
            }

            var consumed = sent - chunkStart;
            if (consumed < 0 || consumed > filled)
            {
                throw new RelayException(RelayErrorKind.Transient, $"Google Drive: upload: the session holds {sent} bytes, outside the chunk sent from {chunkStart}");
            }

            Buffer.BlockCopy(buffer, (int)consumed, buffer, 0, filled - (int)consumed);
            filled -= (int)consumed;
            chunkStart = sent;
        }
    }

    private readonly record struct PutResult(DriveFile? Done, long Received);

    /// <summary>One PUT to the session; <paramref name="start"/> = -1 asks for the status only.</summary>
    private async Task<PutResult> PutAsync(Uri session, ReadOnlyMemory<byte> data, long start, long? total, CancellationToken cancellationToken)
    {
        var totalText = total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*";
        using var response = await api.SendAsync(() =>
        {
            var content = new ReadOnlyMemoryContent(data);
            content.Headers.TryAddWithoutValidation("Content-Range", start < 0 || data.Length == 0
                ? $"bytes */{totalText}"
                : $"bytes {start}-{start + data.Length - 1}/{totalText}");
            return new HttpRequestMessage(HttpMethod.Put, session) { Content = content };
        }, HttpCompletionOption.ResponseContentRead, "upload", cancellationToken);
        if ((int)response.StatusCode == 308)
        {
            // "Range: bytes=0-N" = bytes 0..N are stored; no Range header = nothing stored yet.
            var range = response.Headers.TryGetValues("Range", out var values) ? values.FirstOrDefault() : null;
            var received = range is not null && range.StartsWith("bytes=0-", StringComparison.Ordinal)
                && long.TryParse(range.AsSpan("bytes=0-".Length), out var last) ? last + 1 : 0;
            return new PutResult(null, received);
        }

        if (response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var file = System.Text.Json.JsonSerializer.Deserialize<DriveFile>(text)
                ?? throw new RelayException(RelayErrorKind.Permanent, "Google Drive: upload: empty answer");
            return new PutResult(file, 0);
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // The session expired (a week) or was lost: the whole upload has to start over.
            throw new RelayException(RelayErrorKind.Transient, "Google Drive: upload: the resumable session is gone");
        }

        throw await DriveErrors.FromResponseAsync(response, "upload", cancellationToken);
    }

    private string Target(string? fileId, string uploadType) =>
        (fileId is null ? api.UploadUrl : $"{api.UploadUrl}/{Uri.EscapeDataString(fileId)}")
        + $"?uploadType={uploadType}&fields={DriveFile.Fields}";

    private static async Task<int> FillAsync(Stream content, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await content.ReadAsync(buffer[total..], cancellationToken);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
