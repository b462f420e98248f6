using System.Globalization;
using System.Xml.Linq;
using Escale.Vfs;
using Escale.WebDavServer.Locks;
using Escale.WebDavServer.Properties;
using Microsoft.AspNetCore.Http;

namespace Escale.WebDavServer;

/// <summary>LOCK, UNLOCK and the If-header checks every changing method goes through.</summary>
internal sealed partial class DavHandler
{
    private static readonly XNamespace D = DavXml.Dav;

    /// <summary>
    /// RFC 4918 §10.4 and §7: 412 when the If header holds for none of its lists, 423 when a lock
    /// covering one of <paramref name="targets"/> was not submitted, 400 for a malformed header,
    /// 0 when the request may go on.
    /// </summary>
    private int CheckWrite(HttpContext context, string requestPath, params (string Path, bool WithDescendants)[] targets)
    {
        var submitted = new HashSet<string>(StringComparer.Ordinal);
        var text = context.Request.Headers["If"].ToString();
        if (text.Length > 0)
        {
            if (IfHeader.Parse(text) is not { } header)
            {
                return 400;
            }

            if (!header.Lists.Any(l => Holds(context, requestPath, l)))
            {
                return 412;
            }

            submitted.UnionWith(header.Tokens);
        }

        foreach (var (path, withDescendants) in targets)
        {
            if (_locks.Affecting(path, withDescendants).Any(l => !submitted.Contains(l.Token)))
            {
                return 423;
            }
        }

        return 0;
    }

    private bool Holds(HttpContext context, string requestPath, IfList list)
    {
        var path = list.Resource is null ? requestPath : DavPath.FromReference(list.Resource, context.Request.Host.Value ?? "");
        if (path is null)
        {
            return false;
        }

        string? etag = Stat(path, out var a) == VfsError.Ok ? LiveProperties.ETag(a) : null;
        return list.Conditions.All(c =>
        {
            var match = c.Token is not null
                ? _locks.Find(c.Token) is { } l && l.Covers(path)
                : etag is not null && StripWeak(c.ETag!) == etag;
            return match != c.Not;
        });
    }

    private static string StripWeak(string etag) => etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;

    private async Task LockAsync(HttpContext context, string path, CancellationToken ct)
    {
        var timeout = RequestedTimeout(context.Request.Headers["Timeout"].ToString());
        var body = await DavXml.ReadBodyAsync(context.Request, ct);
        if (body is null)
        {
            await RefreshAsync(context, path, timeout, ct);
            return;
        }

        var info = body.Root;
        if (info?.Name != D + "lockinfo" || info.Element(D + "lockscope") is not { } scope)
        {
            Fail(context, 400);
            return;
        }

        var exclusive = scope.Element(D + "exclusive") is not null;
        var depth = context.Request.Headers["Depth"].ToString();
        var infinite = depth is "" or "infinity" or "Infinity";
        if (depth is not ("" or "0" or "infinity" or "Infinity"))
        {
            Fail(context, 400);
            return;
        }

        var exists = Exists(path);
        if (!exists && !ParentIsCollection(path))
        {
            Fail(context, 409);
            return;
        }

        // Locking an existing lock's resource needs its token too when the new lock is shared and compatible; a conflict is 423 below.
        var check = CheckWrite(context, path);
        if (check is 400 or 412)
        {
            Fail(context, check);
            return;
        }

        var owner = info.Element(D + "owner")?.ToString(SaveOptions.DisableFormatting);
        if (_locks.TryLock(path, infinite && (IsCollection(path)), exclusive, owner, timeout) is not { } granted)
        {
            await DavXml.WriteAsync(context.Response, 423, DavXml.Error("no-conflicting-lock"), ct);
            return;
        }

        var status = 200;
        if (!exists)
        {
            // RFC 4918 §7.3: a lock on an unmapped URL creates an empty resource.
            var created = _folder.Create(path, VfsOpenFlags.ReadWrite | VfsOpenFlags.Exclusive, DefaultFileMode, out var handle, out _);
            if (created != VfsError.Ok)
            {
                _locks.Remove(granted.Token);
                Fail(context, DavStatus.Of(created));
                return;
            }

            _folder.Release(handle);
            status = 201;
        }

        context.Response.Headers["Lock-Token"] = "<" + granted.Token + ">";
        await DavXml.WriteAsync(context.Response, status, new XElement(D + "prop", LiveProperties.LockDiscovery([granted])), ct);
    }

    private async Task RefreshAsync(HttpContext context, string path, TimeSpan timeout, CancellationToken ct)
    {
        var text = context.Request.Headers["If"].ToString();
        var tokens = text.Length > 0 && IfHeader.Parse(text) is { } header ? header.Tokens.ToList() : [];
        var refreshed = tokens.Select(t => _locks.Find(t)).FirstOrDefault(l => l is not null && l.Covers(path));
        if (refreshed is null)
        {
            await DavXml.WriteAsync(context.Response, tokens.Count == 0 ? 400 : 412, DavXml.Error("lock-token-submitted"), ct);
            return;
        }

        var now = _locks.Refresh(refreshed.Token, timeout)!;
        await DavXml.WriteAsync(context.Response, 200, new XElement(D + "prop", LiveProperties.LockDiscovery([now])), ct);
    }

    private Task UnlockAsync(HttpContext context, string path)
    {
        var token = context.Request.Headers["Lock-Token"].ToString().Trim().TrimStart('<').TrimEnd('>');
        if (token.Length == 0)
        {
            Fail(context, 400);
        }
        else if (_locks.Find(token) is not { } l || !l.Covers(path))
        {
            Fail(context, 409); // lock-token-matches-request-uri
        }
        else
        {
            _locks.Remove(token);
            context.Response.StatusCode = 204;
        }

        return Task.CompletedTask;
    }

    /// <summary>"Second-N" or "Infinite", possibly several alternatives; granted up to the configured maximum.</summary>
    private TimeSpan RequestedTimeout(string header)
    {
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("Second-", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(part.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                return TimeSpan.FromSeconds(Math.Min(seconds, _options.MaxLockTimeout.TotalSeconds));
            }
        }

        return _options.MaxLockTimeout;
    }
}
