using System.Buffers;
using System.Globalization;
using Escale.Vfs;
using Escale.WebDavServer.Properties;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Escale.WebDavServer;

/// <summary>GET/HEAD (with ranges; an offered file is fetched first) and PUT (streamed into the mirror).</summary>
internal sealed partial class DavHandler
{
    private const UnixFileMode DefaultFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DefaultDirectoryMode = DefaultFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private async Task GetAsync(HttpContext context, string path, bool withBody, CancellationToken ct)
    {
        var response = context.Response;
        var stat = Stat(path, out var attributes);
        if (stat != VfsError.Ok || attributes.Kind == VfsEntryKind.Directory)
        {
            // A collection has no body here; clients list it with PROPFIND.
            Fail(context, stat != VfsError.Ok ? DavStatus.Of(stat) : 405);
            return;
        }

        if (!withBody && attributes.Offered)
        {
            WriteHeaders(response, attributes); // HEAD answers from the offer: no fetch just to look
            response.ContentLength = attributes.Size;
            return;
        }

        // Open fetches an offered file, once for all concurrent requests, within the fetch bound.
        var opened = _folder.Open(path, VfsOpenFlags.Read, out var handle, out _);
        if (opened != VfsError.Ok)
        {
            if (attributes.Offered)
            {
                // the fetch coordinator logged the reason once; the client gets a status that says "upstream"
                response.StatusCode = opened == VfsError.TimedOut ? 504 : 502;
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync($"could not fetch {DavPath.Name(path)} from the relay; see the mount's log\n", ct);
                return;
            }

            Fail(context, DavStatus.Of(opened));
            return;
        }

        try
        {
            _folder.GetAttributes(path, handle, out attributes);
            WriteHeaders(response, attributes);
            var length = attributes.Size;
            var start = 0L;
            var range = context.Request.Headers.Range.ToString();
            if (range.Length > 0 && IfRangeHolds(context, attributes))
            {
                if (ByteRange.Parse(range, length, out var unsatisfiable) is { } r)
                {
                    response.StatusCode = 206;
                    response.Headers.ContentRange = $"bytes {r.Start}-{r.Start + r.Length - 1}/{length}";
                    start = r.Start;
                    length = r.Length;
                }
                else if (unsatisfiable)
                {
                    response.StatusCode = 416;
                    response.Headers.ContentRange = $"bytes */{length}";
                    return;
                }
            }

            response.ContentLength = length;
            if (withBody)
            {
                await CopyOutAsync(handle, start, length, response, ct);
            }
        }
        finally
        {
            _folder.Release(handle);
        }
    }

    private static void WriteHeaders(HttpResponse response, VfsAttributes a)
    {
        response.ContentType = "application/octet-stream";
        response.Headers.ETag = LiveProperties.ETag(a);
        response.Headers.LastModified = a.Modified.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);
        response.Headers.AcceptRanges = "bytes";
    }

    private static bool IfRangeHolds(HttpContext context, VfsAttributes a)
    {
        var ifRange = context.Request.Headers.IfRange.ToString();
        return ifRange.Length == 0 || ifRange == LiveProperties.ETag(a)
            || (DateTimeOffset.TryParse(ifRange, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) && a.Modified <= when.AddSeconds(1));
    }

    /// <summary>
    /// Copies a range of an open file to the response, reading straight into the response pipe's memory (no
    /// copy of ours in between). Flushing hands the chunk to the socket, which sends it while the next one is
    /// read: the front-end lets up to <see cref="ResponseBuffer"/> wait, so a flush rarely waits.
    /// </summary>
    private async Task CopyOutAsync(long handle, long offset, long length, HttpResponse response, CancellationToken ct)
    {
        var pipe = response.BodyWriter;
        while (length > 0)
        {
            var memory = pipe.GetMemory((int)Math.Min(CopyBuffer, length));
            var want = (int)Math.Min(memory.Length, length);
            var read = _folder.Read(handle, memory.Span[..want], offset, out var n);
            if (read != VfsError.Ok || n == 0)
            {
                _logger.LogWarning("read of an open file failed ({Error}); the response is cut short", read);
                response.HttpContext.Abort();
                return;
            }

            pipe.Advance(n);
            var flushed = await pipe.FlushAsync(ct);
            if (flushed.IsCanceled || flushed.IsCompleted)
            {
                return; // the client went away
            }

            offset += n;
            length -= n;
        }
    }

    private async Task PutAsync(HttpContext context, string path, CancellationToken ct)
    {
        if (path.Length == 0 || IsCollection(path))
        {
            Fail(context, 405);
            return;
        }

        if (!ParentIsCollection(path))
        {
            Fail(context, 409);
            return;
        }

        if (context.Request.Headers.ContentRange.Count > 0)
        {
            Fail(context, 400); // RFC 9110 §14.5: a partial PUT must not be taken for the whole file
            return;
        }

        var check = CheckWrite(context, path, (path, false));
        if (check != 0)
        {
            Fail(context, check);
            return;
        }

        var existed = Exists(path);

        // The body goes to a hidden name in the same folder and replaces the target only when it is
        // complete: an interrupted upload never reaches the relay, and readers never see half a file.
        // Hidden names are not synced, so the rename is what queues the write-back.
        var temp = DavPath.Join(DavPath.Parent(path), DavPath.UploadPrefix + Guid.NewGuid().ToString("N"));
        var created = _folder.Create(temp, VfsOpenFlags.ReadWrite | VfsOpenFlags.Exclusive, DefaultFileMode, out var handle, out _);
        if (created != VfsError.Ok)
        {
            Fail(context, DavStatus.Of(created));
            return;
        }

        var complete = false;
        try
        {
            var written = await CopyInAsync(context.Request, handle, ct);
            if (written != VfsError.Ok)
            {
                Fail(context, DavStatus.Of(written));
                return;
            }

            complete = true;
        }
        finally
        {
            _folder.Release(handle);
            if (!complete)
            {
                _folder.Unlink(temp);
            }
        }

        var renamed = _folder.Rename(temp, path, VfsRenameFlags.None);
        if (renamed != VfsError.Ok)
        {
            _folder.Unlink(temp);
            Fail(context, DavStatus.Of(renamed));
            return;
        }

        if (Stat(path, out var a) == VfsError.Ok)
        {
            context.Response.Headers.ETag = LiveProperties.ETag(a);
        }

        context.Response.StatusCode = existed ? 204 : 201;
    }

    private async Task<VfsError> CopyInAsync(HttpRequest request, long handle, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBuffer);
        try
        {
            long offset = 0;
            while (true)
            {
                // fill the buffer before each write: fewer, larger writes into the mirror
                var filled = 0;
                int n;
                while (filled < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(filled), ct)) > 0)
                {
                    filled += n;
                }

                if (filled == 0)
                {
                    return VfsError.Ok;
                }

                var result = _folder.Write(handle, buffer.AsSpan(0, filled), offset, out _);
                if (result != VfsError.Ok)
                {
                    return result;
                }

                offset += filled;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
