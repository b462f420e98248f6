using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Escale.Relay.GoogleDrive.Tests.Emulator;

public sealed partial class DriveEmulator
{
    private async Task HandleAsync(HttpContext ctx)
    {
        Interlocked.Increment(ref _requests);
        var path = ctx.Request.Path.Value ?? "";
        if (path == "/token")
        {
            await TokenAsync(ctx);
            return;
        }

        if (path == "/auth")
        {
            Authorize(ctx);
            return;
        }

        var bearer = ctx.Request.Headers.Authorization.ToString();
        bool known;
        lock (_gate)
        {
            known = bearer.StartsWith("Bearer ", StringComparison.Ordinal) && _accessTokens.Contains(bearer[7..]);
        }

        if (!known)
        {
            await ErrorAsync(ctx, 401, "authError", "Invalid Credentials");
            return;
        }

        if (_faults.TryDequeue(out var fault))
        {
            await ErrorAsync(ctx, fault.Status, fault.Reason ?? "backendError", "injected");
            return;
        }

        var method = ctx.Request.Method;
        var upload = path.StartsWith("/upload/drive/v3/files", StringComparison.Ordinal);
        var rest = upload ? path["/upload/drive/v3/files".Length..] : path.StartsWith("/drive/v3/files", StringComparison.Ordinal) ? path["/drive/v3/files".Length..] : null;
        var id = rest is { Length: > 1 } ? Uri.UnescapeDataString(rest[1..]) : null;
        switch (upload, method, id, path)
        {
            case (_, _, _, "/drive/v3/about"):
                await AboutAsync(ctx);
                break;
            case (true, "PUT", _, _):
                await ResumeChunkAsync(ctx);
                break;
            case (true, "POST" or "PATCH", _, _):
                await StartUploadAsync(ctx, method == "PATCH" ? id : null);
                break;
            case (false, "GET", null, _) when rest is not null:
                await ListAsync(ctx);
                break;
            case (false, "POST", null, _) when rest is not null:
                await CreateMetadataOnlyAsync(ctx);
                break;
            case (false, "GET", not null, _):
                await GetAsync(ctx, id);
                break;
            case (false, "PATCH", not null, _):
                await UpdateAsync(ctx, id);
                break;
            case (false, "DELETE", not null, _):
                await DeleteAsync(ctx, id);
                break;
            default:
                await ErrorAsync(ctx, 404, "notFound", "no such endpoint");
                break;
        }
    }

    private async Task ListAsync(HttpContext ctx)
    {
        ListRequests++;
        var q = ctx.Request.Query["q"].ToString();
        Func<EmulatedFile, bool> filter;
        try
        {
            filter = DriveQuery.Parse(q);
        }
        catch (FormatException e)
        {
            await ErrorAsync(ctx, 400, "invalid", "Invalid Value: " + e.Message);
            return;
        }

        foreach (var parent in DriveQuery.ParentIds(q))
        {
            if (Live(parent) is not { IsFolder: true })
            {
                await ErrorAsync(ctx, 404, "notFound", "File not found: " + parent);
                return;
            }
        }

        var top = FieldsOf(ctx, out var fileFields);
        var offset = int.TryParse(ctx.Request.Query["pageToken"], out var o) ? o : 0;
        var size = Math.Min(PageSize, int.TryParse(ctx.Request.Query["pageSize"], out var s) ? s : 100);
        EmulatedFile[] matching;
        lock (_gate)
        {
            matching = _files.Values.Where(f => f.Id != "root" && filter(f)).OrderBy(f => f.Created).ToArray();
        }

        var page = matching.Skip(offset).Take(size).Select(f => f.Project(fileFields)).ToArray();
        var result = new Dictionary<string, object?> { ["kind"] = "drive#fileList", ["files"] = page };
        if (offset + size < matching.Length)
        {
            result["nextPageToken"] = (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await WriteJsonAsync(ctx, top.Length == 0 ? result : result.Where(kv => top.Contains(kv.Key)).ToDictionary());
    }

    private async Task GetAsync(HttpContext ctx, string id)
    {
        var file = Live(id);
        if (file is null)
        {
            await ErrorAsync(ctx, 404, "notFound", "File not found: " + id);
            return;
        }

        if (ctx.Request.Query["alt"] != "media")
        {
            await WriteJsonAsync(ctx, file.Project(FieldsOf(ctx, out _)));
            return;
        }

        var data = file.Data;
        long from = 0, to = data.Length - 1;
        var range = ctx.Request.Headers.Range.ToString();
        if (range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            var parts = range[6..].Split('-');
            from = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            to = parts[1].Length > 0 ? Math.Min(to, long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)) : to;
            if (from >= data.Length)
            {
                ctx.Response.Headers.ContentRange = $"bytes */{data.Length}";
                await ErrorAsync(ctx, 416, "requestedRangeNotSatisfiable", "Request range not satisfiable");
                return;
            }

            ctx.Response.StatusCode = 206;
            ctx.Response.Headers.ContentRange = $"bytes {from}-{to}/{data.Length}";
        }

        ctx.Response.ContentType = "application/octet-stream";
        ctx.Response.ContentLength = to - from + 1;
        await ctx.Response.Body.WriteAsync(data.AsMemory((int)from, (int)(to - from + 1)));
    }

    private async Task UpdateAsync(HttpContext ctx, string id)
    {
        var file = Live(id);
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body);
        var add = ctx.Request.Query["addParents"].ToString();
        var remove = ctx.Request.Query["removeParents"].ToString();
        if (file is null || (add.Length > 0 && Live(add) is not { IsFolder: true }))
        {
            await ErrorAsync(ctx, 404, "notFound", "File not found");
            return;
        }

        lock (_gate)
        {
            if (body.TryGetProperty("name", out var name))
            {
                file.Name = name.GetString()!;
            }

            if (remove.Length > 0)
            {
                file.Parents.Remove(remove);
            }

            if (add.Length > 0)
            {
                file.Parents.Add(add);
            }
        }

        await WriteJsonAsync(ctx, file.Project(FieldsOf(ctx, out _)));
    }

    private async Task DeleteAsync(HttpContext ctx, string id)
    {
        lock (_gate)
        {
            if (_files.TryGetValue(id, out var f) && !f.Trashed)
            {
                Remove(f);
                ctx.Response.StatusCode = 204;
                return;
            }
        }

        await ErrorAsync(ctx, 404, "notFound", "File not found: " + id);
    }

    /// <summary>Deleting a folder deletes what it holds (Drive, for files the user owns).</summary>
    private void Remove(EmulatedFile f)
    {
        _files.Remove(f.Id);
        foreach (var child in _files.Values.Where(c => c.Parents.Contains(f.Id)).ToList())
        {
            Remove(child);
        }
    }

    private async Task CreateMetadataOnlyAsync(HttpContext ctx)
    {
        var meta = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body);
        var created = await CreateAsync(ctx, meta, []);
        if (created is not null)
        {
            await WriteJsonAsync(ctx, created.Project(FieldsOf(ctx, out _)));
        }
    }

    /// <summary>files.create: the parent must be a live folder (else 404, as Drive answers).</summary>
    private async Task<EmulatedFile?> CreateAsync(HttpContext ctx, JsonElement meta, byte[] data)
    {
        var parent = meta.TryGetProperty("parents", out var p) && p.GetArrayLength() > 0 ? p[0].GetString()! : "root";
        if (Live(parent) is not { IsFolder: true })
        {
            await ErrorAsync(ctx, 404, "notFound", "File not found: " + parent);
            return null;
        }

        var mime = meta.TryGetProperty("mimeType", out var m) ? m.GetString()! : "application/octet-stream";
        return Add(null, meta.GetProperty("name").GetString()!, mime, parent, data);
    }

    private async Task AboutAsync(HttpContext ctx)
    {
        long used;
        lock (_gate)
        {
            used = _files.Values.Sum(f => (long)f.Data.Length);
        }

        await WriteJsonAsync(ctx, new { storageQuota = new { limit = QuotaLimit.ToString(), usage = used.ToString() } });
    }
}
