using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.GoogleDrive.Tests.Emulator;

/// <summary>
/// A loopback stand-in for the Drive v3 REST API and Google's OAuth token endpoint, following the
/// documented behaviour the driver relies on (files.list q/fields/pageToken, multipart and resumable
/// uploads with 308 + Range, alt=media with Range, delete, update, duplicate names), plus faults on
/// demand (rate-limit answers, an upload cut mid-chunk). Google itself cannot be reached from the tests.
/// </summary>
public sealed partial class DriveEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly Dictionary<string, EmulatedFile> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Status, string? Reason)> _faults = new();
    private readonly HashSet<string> _accessTokens = new(StringComparer.Ordinal);
    private long _nextId;
    private DateTimeOffset _lastCreated;
    private long _cutNextUploadAfter = -1;

    private DriveEmulator(WebApplication app)
    {
        _app = app;
        AddFolder("root", "My Drive", null);
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Drive may return fewer results than pageSize; a small page forces the driver to follow pageToken.</summary>
    public int PageSize { get; set; } = 3;

    public string RefreshToken { get; } = "refresh-" + Guid.NewGuid().ToString("N");

    public long QuotaLimit { get; set; } = 15L << 30;

    public int RequestCount => (int)Interlocked.Read(ref _requests);

    public int ResumedUploads { get; private set; }

    public int ListRequests { get; private set; }

    private long _requests;

    public static async Task<DriveEmulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var emulator = new DriveEmulator(app);
        app.Run(emulator.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseUrl = address.TrimEnd('/');
        return emulator;
    }

    /// <summary>The next <paramref name="count"/> API requests answer this status (and Drive's error body).</summary>
    public void FailNext(int status, string? reason, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue((status, reason));
        }
    }

    /// <summary>The next resumable chunk is cut (connection aborted) after this many bytes arrived.</summary>
    public void CutNextUploadAfter(long bytes) => Interlocked.Exchange(ref _cutNextUploadAfter, bytes);

    /// <summary>Every access token stops working (as after an hour): the driver must refresh.</summary>
    public void ExpireAccessTokens()
    {
        lock (_gate)
        {
            _accessTokens.Clear();
        }
    }

    /// <summary>A folder made directly in the emulator (as another client would), for duplicate-name tests.</summary>
    public string AddFolder(string? id, string name, string? parentId) => Add(id, name, EmulatedFile.FolderMime, parentId, []).Id;

    public string AddFile(string name, string parentId, byte[] data) => Add(null, name, "application/octet-stream", parentId, data).Id;

    public EmulatedFile[] Children(string parentId)
    {
        lock (_gate)
        {
            return _files.Values.Where(f => !f.Trashed && f.Parents.Contains(parentId)).OrderBy(f => f.Created).ToArray();
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private EmulatedFile Add(string? id, string name, string mime, string? parentId, byte[] data)
    {
        lock (_gate)
        {
            // createdTime strictly increases, so "oldest" is well defined as on Drive (ms precision there too).
            var now = DateTimeOffset.UtcNow;
            _lastCreated = now > _lastCreated.AddMilliseconds(1) ? now : _lastCreated.AddMilliseconds(1);
            var file = new EmulatedFile
            {
                Id = id ?? $"f{Interlocked.Increment(ref _nextId):D6}{Guid.NewGuid():N}"[..24],
                Name = name,
                MimeType = mime,
                Created = _lastCreated,
                Modified = _lastCreated,
                Data = data,
            };
            if (parentId is not null)
            {
                file.Parents.Add(parentId);
            }

            _files[file.Id] = file;
            return file;
        }
    }

    private EmulatedFile? Live(string id)
    {
        lock (_gate)
        {
            return _files.TryGetValue(id, out var f) && !f.Trashed ? f : null;
        }
    }

    private static async Task ErrorAsync(HttpContext ctx, int status, string reason, string message)
    {
        ctx.Response.StatusCode = status;
        await WriteJsonAsync(ctx, new
        {
            error = new { code = status, message, errors = new[] { new { domain = "usageLimits", reason, message } } },
        });
    }

    private static async Task WriteJsonAsync(HttpContext ctx, object value)
    {
        ctx.Response.ContentType = "application/json; charset=UTF-8";
        await ctx.Response.WriteAsync(JsonSerializer.Serialize(value));
    }

    private static string[] FieldsOf(HttpContext ctx, out string[] listFields)
    {
        var raw = ctx.Request.Query["fields"].ToString();
        var top = new List<string>();
        listFields = [];
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= raw.Length; i++)
        {
            if (i == raw.Length || (raw[i] == ',' && depth == 0))
            {
                var part = raw[start..i].Trim();
                if (part.StartsWith("files(", StringComparison.Ordinal) && part.EndsWith(')'))
                {
                    listFields = part[6..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    part = "files";
                }

                if (part.Length > 0)
                {
                    top.Add(part);
                }

                start = i + 1;
            }
            else if (raw[i] == '(')
            {
                depth++;
            }
            else if (raw[i] == ')')
            {
                depth--;
            }
        }

        return top.ToArray();
    }
}
