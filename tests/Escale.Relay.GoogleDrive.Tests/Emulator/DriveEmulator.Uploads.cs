using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Escale.Relay.GoogleDrive.Tests.Emulator;

public sealed partial class DriveEmulator
{
    private sealed class Session
    {
        public required JsonElement Metadata { get; init; }

        public string? FileId { get; init; }

        public MemoryStream Received { get; } = new();
    }

    private readonly ConcurrentDictionary<string, Session> _sessions = new();

    /// <summary>POST (create) or PATCH /{id} (update content), uploadType=multipart or resumable.</summary>
    private async Task StartUploadAsync(HttpContext ctx, string? fileId)
    {
        if (fileId is not null && Live(fileId) is null)
        {
            await ErrorAsync(ctx, 404, "notFound", "File not found: " + fileId);
            return;
        }

        switch (ctx.Request.Query["uploadType"].ToString())
        {
            case "multipart":
                var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(ctx.Request.ContentType).Boundary).Value!;
                var reader = new MultipartReader(boundary, ctx.Request.Body);
                var metaSection = await reader.ReadNextSectionAsync();
                var meta = metaSection is null ? default : await JsonSerializer.DeserializeAsync<JsonElement>(metaSection.Body);
                var dataSection = await reader.ReadNextSectionAsync();
                if (metaSection is null || dataSection is null)
                {
                    await ErrorAsync(ctx, 400, "badContent", "multipart body needs metadata and media parts");
                    return;
                }

                var data = new MemoryStream();
                await dataSection.Body.CopyToAsync(data);
                await FinishAsync(ctx, meta, fileId, data.ToArray());
                break;
            case "resumable":
                var metadata = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body);
                var sid = Guid.NewGuid().ToString("N");
                _sessions[sid] = new Session { Metadata = metadata, FileId = fileId };
                ctx.Response.Headers.Location = $"{BaseUrl}/upload/drive/v3/files?uploadType=resumable&upload_id={sid}&fields={Uri.EscapeDataString(ctx.Request.Query["fields"].ToString())}";
                ctx.Response.StatusCode = 200;
                break;
            default:
                await ErrorAsync(ctx, 400, "invalid", "unsupported uploadType");
                break;
        }
    }

    /// <summary>PUT to a session URI: a chunk (<c>bytes a-b/total|*</c>) or a status query (<c>bytes */total|*</c>).</summary>
    private async Task ResumeChunkAsync(HttpContext ctx)
    {
        if (!_sessions.TryGetValue(ctx.Request.Query["upload_id"].ToString(), out var session))
        {
            await ErrorAsync(ctx, 404, "notFound", "upload session not found");
            return;
        }

        var range = ctx.Request.Headers.ContentRange.ToString();
        if (!range.StartsWith("bytes ", StringComparison.Ordinal) || range.IndexOf('/') is var slash && slash < 0)
        {
            await ErrorAsync(ctx, 400, "badContent", "Content-Range missing");
            return;
        }

        var totalText = range[(slash + 1)..];
        long? total = totalText == "*" ? null : long.Parse(totalText, CultureInfo.InvariantCulture);
        var span = range[6..slash];
        if (span != "*")
        {
            var start = long.Parse(span.Split('-')[0], CultureInfo.InvariantCulture);
            if (start != session.Received.Length)
            {
                await ErrorAsync(ctx, 400, "badContent", $"chunk starts at {start}, session holds {session.Received.Length}");
                return;
            }

            var cut = Interlocked.Exchange(ref _cutNextUploadAfter, -1);
            var buffer = new byte[64 * 1024];
            long got = 0;
            while (true)
            {
                var n = await ctx.Request.Body.ReadAsync(buffer);
                if (n == 0)
                {
                    break;
                }

                if (cut >= 0 && got + n >= cut)
                {
                    // Keep what arrived before the cut (Drive persists received bytes), then drop the connection.
                    session.Received.Write(buffer, 0, (int)(cut - got));
                    ctx.Abort();
                    return;
                }

                session.Received.Write(buffer, 0, n);
                got += n;
            }
        }
        else
        {
            ResumedUploads++;
        }

        if (total is { } t && session.Received.Length == t)
        {
            _sessions.TryRemove(ctx.Request.Query["upload_id"].ToString(), out _);
            await FinishAsync(ctx, session.Metadata, session.FileId, session.Received.ToArray());
            return;
        }

        ctx.Response.StatusCode = 308; // Resume Incomplete
        if (session.Received.Length > 0)
        {
            ctx.Response.Headers["Range"] = $"bytes=0-{session.Received.Length - 1}";
        }
    }

    private async Task FinishAsync(HttpContext ctx, JsonElement meta, string? fileId, byte[] data)
    {
        EmulatedFile? file;
        if (fileId is null)
        {
            file = await CreateAsync(ctx, meta, data);
            if (file is null)
            {
                return;
            }
        }
        else
        {
            file = Live(fileId);
            if (file is null)
            {
                await ErrorAsync(ctx, 404, "notFound", "File not found: " + fileId);
                return;
            }

            lock (_gate)
            {
                file.Data = data;
                file.Modified = DateTimeOffset.UtcNow;
                if (meta.TryGetProperty("name", out var name))
                {
                    file.Name = name.GetString()!;
                }
            }
        }

        await WriteJsonAsync(ctx, file.Project(FieldsOf(ctx, out _)));
    }
}
