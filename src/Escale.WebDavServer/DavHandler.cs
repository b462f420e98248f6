using System.Xml;
using Escale.Vfs;
using Escale.WebDavServer.Locks;
using Escale.WebDavServer.Properties;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Escale.WebDavServer;

/// <summary>
/// One WebDAV request against the virtual folder: the secret is checked first (nothing else is
/// answered without it), then the method is mapped to folder calls. Split by concern into the
/// DavHandler.*.cs files.
/// </summary>
internal sealed partial class DavHandler
{
    private const int CopyBuffer = 1024 * 1024;

    /// <summary>Response bytes Kestrel may hold before a flush waits (its default, 64 KiB, made every chunk wait for the socket).</summary>
    internal const int ResponseBuffer = 4 * CopyBuffer;

    private readonly IVirtualFolder _folder;
    private readonly WebDavServerOptions _options;
    private readonly LockTable _locks;
    private readonly DeadProperties _dead = new();
    private readonly LiveProperties _live;
    private readonly ILogger _logger;

    public DavHandler(IVirtualFolder folder, WebDavServerOptions options, LockTable locks, QuotaCache quota, ILogger logger)
    {
        _folder = folder;
        _options = options;
        _locks = locks;
        _live = new LiveProperties(folder, locks, quota);
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!MountSecret.Accepts(request.Headers.Authorization, _options.Secret))
        {
            // Nothing about the folder, not even whether a path exists, before the secret.
            response.StatusCode = 401;
            response.Headers.WWWAuthenticate = "Basic realm=\"escale\", charset=\"UTF-8\"";
            return;
        }

        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var path = DavPath.FromReference(raw, request.Host.Value ?? "");
        if (path is null)
        {
            response.StatusCode = 400;
            return;
        }

        var ct = context.RequestAborted;
        try
        {
            await (request.Method switch
            {
                "OPTIONS" => OptionsAsync(context),
                "GET" => GetAsync(context, path, withBody: true, ct),
                "HEAD" => GetAsync(context, path, withBody: false, ct),
                "PUT" => PutAsync(context, path, ct),
                "DELETE" => DeleteAsync(context, path),
                "MKCOL" => MakeCollectionAsync(context, path, ct),
                "COPY" => CopyMoveAsync(context, path, move: false),
                "MOVE" => CopyMoveAsync(context, path, move: true),
                "PROPFIND" => PropFindAsync(context, path, ct),
                "PROPPATCH" => PropPatchAsync(context, path, ct),
                "LOCK" => LockAsync(context, path, ct),
                "UNLOCK" => UnlockAsync(context, path),
                _ => MethodNotAllowed(context),
            });
        }
        catch (XmlException)
        {
            Fail(context, 400);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away; an upload in progress was cleaned up by its own finally
        }
        catch (BadHttpRequestException e)
        {
            Fail(context, e.StatusCode);
        }
    }

    private static Task OptionsAsync(HttpContext context)
    {
        var h = context.Response.Headers;
        h["DAV"] = "1, 2";
        h["MS-Author-Via"] = "DAV"; // Office and the Windows redirector look for it
        h.Allow = "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE, PROPFIND, PROPPATCH, LOCK, UNLOCK";
        h.AcceptRanges = "bytes";
        context.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    private static Task MethodNotAllowed(HttpContext context)
    {
        context.Response.Headers.Allow = "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE, PROPFIND, PROPPATCH, LOCK, UNLOCK";
        context.Response.StatusCode = 405;
        return Task.CompletedTask;
    }

    private static void Fail(HttpContext context, int status)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = status;
        }
    }

    private VfsError Stat(string path, out VfsAttributes attributes) => _folder.GetAttributes(path, 0, out attributes);

    private bool Exists(string path) => Stat(path, out _) == VfsError.Ok;

    private bool IsCollection(string path) => Stat(path, out var a) == VfsError.Ok && a.Kind == VfsEntryKind.Directory;

    /// <summary>The parent of a new member must be an existing collection (RFC 4918: 409 otherwise).</summary>
    private bool ParentIsCollection(string path) => path.Length > 0 && IsCollection(DavPath.Parent(path));
}
