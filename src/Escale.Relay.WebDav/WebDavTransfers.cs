using System.Net;
using System.Net.Http.Headers;
using Escale.Core.Paths;

namespace Escale.Relay.WebDav;

/// <summary>Streamed GET (with Range to resume) and PUT (creating missing folders on 409).</summary>
internal static class WebDavTransfers
{
    public static async Task<Stream> OpenReadAsync(WebDavClient client, RelayPath path, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        cancellationToken.ThrowIfCancellationRequested();
        var what = $"read {RelayPath.Printable(path.Value)}";
        HttpResponseMessage response;
        using (var timer = client.Timer(cancellationToken))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, client.Paths.For(path));
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            response = await client.SendAsync(request, timer, what, HttpCompletionOption.ResponseHeadersRead);
        }

        try
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK or HttpStatusCode.PartialContent:
                    break;
                case HttpStatusCode.RequestedRangeNotSatisfiable when offset > 0:
                    response.Dispose();
                    return new MemoryStream([], writable: false); // the offset is at (or past) the end
                case HttpStatusCode.NotFound or HttpStatusCode.Gone:
                    throw new RelayException(RelayErrorKind.NotFound, $"{RelayPath.Printable(path.Value)}: not on the relay");
                default:
                    throw WebDavErrors.FromStatus(response, what);
            }

            if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From is { } from && from != offset)
            {
                throw new RelayException(RelayErrorKind.Permanent, $"{what}: asked for bytes from {offset}, the server sent from {from}");
            }

            // The body gets its own idle timer: the caller's open token may be gone before the reads end.
            var bodyTimer = new IdleTimer(client.Settings.Timeout, CancellationToken.None);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var stream = new WatchedReadStream(body, bodyTimer, what, client.Tls, response, ownsTimer: true);
            if (response.StatusCode == HttpStatusCode.OK && offset > 0)
            {
                await SkipAsync(stream, offset, what, cancellationToken); // the server ignored Range
            }

            return stream;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// PUT <paramref name="content"/> to <paramref name="path"/>. A missing parent answers 409 (Apache,
    /// rclone) before the body is read; folders are then created and the PUT repeated when the source
    /// can be rewound, or created first when it cannot.
    /// </summary>
    public static async Task PutAsync(WebDavClient client, RelayPath path, Stream content, Func<RelayPath, CancellationToken, Task> ensureDirectory, bool parentKnown, CancellationToken cancellationToken)
    {
        var what = $"upload {RelayPath.Printable(path.Value)}";
        var start = content.CanSeek ? content.Position : -1;
        if (!parentKnown && start < 0)
        {
            await ensureDirectory(path.Parent, cancellationToken);
        }

        for (var attempt = 0; ; attempt++)
        {
            using var timer = client.Timer(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Put, client.Paths.For(path)) { Content = new UploadContent(content, timer) };
            using var response = await client.SendAsync(request, timer, what);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound && attempt == 0 && start >= 0 && !path.Parent.IsRoot)
            {
                await ensureDirectory(path.Parent, cancellationToken);
                content.Position = start;
                continue;
            }

            throw WebDavErrors.FromStatus(response, what);
        }
    }

    private static async Task SkipAsync(Stream stream, long count, string what, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
            if (n == 0)
            {
                throw new RelayException(RelayErrorKind.Transient, $"{what}: the file ended before offset");
            }

            count -= n;
        }
    }
}
