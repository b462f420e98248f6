using System.Globalization;
using System.Xml.Linq;
using Escale.Vfs;
using Escale.WebDavServer.Properties;
using Microsoft.AspNetCore.Http;

namespace Escale.WebDavServer;

/// <summary>PROPFIND (Depth 0 and 1; the merged listing, offers with their real sizes) and PROPPATCH.</summary>
internal sealed partial class DavHandler
{
    private async Task PropFindAsync(HttpContext context, string path, CancellationToken ct)
    {
        var depth = context.Request.Headers["Depth"].ToString();
        if (depth is not ("0" or "1"))
        {
            // Depth infinity would walk the whole mirror (and every folder of offers) per request.
            await DavXml.WriteAsync(context.Response, 403, DavXml.Error("propfind-finite-depth"), ct);
            return;
        }

        var body = await DavXml.ReadBodyAsync(context.Request, ct);
        var root = body?.Root;
        if (root is not null && root.Name != D + "propfind")
        {
            Fail(context, 400);
            return;
        }

        var mode = root?.Elements().FirstOrDefault();
        if (root is not null && mode is null)
        {
            Fail(context, 400);
            return;
        }

        if (Stat(path, out var self) is var stat and not VfsError.Ok)
        {
            Fail(context, DavStatus.Of(stat));
            return;
        }

        var members = new List<(string Path, VfsAttributes Attributes)> { (path, self) };
        if (depth == "1" && self.Kind == VfsEntryKind.Directory && _folder.ReadDirectory(path, out var entries) == VfsError.Ok)
        {
            members.AddRange(entries.Where(e => !DavPath.IsUpload(e.Name)).OrderBy(e => e.Name, StringComparer.Ordinal)
                .Select(e => (DavPath.Join(path, e.Name), e.Attributes)));
        }

        var multistatus = new XElement(D + "multistatus");
        foreach (var (p, a) in members)
        {
            multistatus.Add(Describe(p, a, mode));
        }

        await DavXml.WriteAsync(context.Response, 207, multistatus, ct);
    }

    private XElement Describe(string path, VfsAttributes a, XElement? mode)
    {
        var response = new XElement(D + "response", new XElement(D + "href", DavPath.Href(path, a.Kind == VfsEntryKind.Directory)));
        if (mode?.Name == D + "propname")
        {
            var names = LiveProperties.AllProp.Where(n => _live.Get(path, a, n) is not null).Concat(_dead.All(path).Select(e => e.Name));
            response.Add(PropStat(200, names.Select(n => new XElement(n))));
            return response;
        }

        var found = new List<XElement>();
        var missing = new List<XElement>();
        if (mode is null || mode.Name == D + "allprop")
        {
            found.AddRange(LiveProperties.AllProp.Select(n => _live.Get(path, a, n)).OfType<XElement>());
            found.AddRange(_dead.All(path));
            foreach (var n in mode?.Parent?.Element(D + "include")?.Elements() ?? [])
            {
                if (!found.Any(f => f.Name == n.Name) && (_live.Get(path, a, n.Name) ?? _dead.Get(path, n.Name)) is { } e)
                {
                    found.Add(e);
                }
            }
        }
        else
        {
            foreach (var asked in mode.Elements())
            {
                if ((_live.Get(path, a, asked.Name) ?? _dead.Get(path, asked.Name)) is { } e)
                {
                    found.Add(e);
                }
                else
                {
                    missing.Add(new XElement(asked.Name));
                }
            }
        }

        if (found.Count > 0 || missing.Count == 0)
        {
            response.Add(PropStat(200, found));
        }

        if (missing.Count > 0)
        {
            response.Add(PropStat(404, missing));
        }

        return response;
    }

    private static XElement PropStat(int status, IEnumerable<XElement> props) =>
        new(D + "propstat", new XElement(D + "prop", props), DavXml.Status(status));

    private async Task PropPatchAsync(HttpContext context, string path, CancellationToken ct)
    {
        var body = await DavXml.ReadBodyAsync(context.Request, ct);
        if (body?.Root is not { } update || update.Name != D + "propertyupdate")
        {
            Fail(context, 400);
            return;
        }

        if (Stat(path, out var a) is var stat and not VfsError.Ok)
        {
            Fail(context, DavStatus.Of(stat));
            return;
        }

        var check = CheckWrite(context, path, (path, false));
        if (check != 0)
        {
            Fail(context, check);
            return;
        }

        // In document order; the last instruction for a name wins. Protected names fail the whole request (RFC 4918 §9.2).
        var set = new Dictionary<XName, XElement>();
        var remove = new HashSet<XName>();
        var order = new List<XName>();
        foreach (var instruction in update.Elements())
        {
            var isSet = instruction.Name == D + "set";
            if (!isSet && instruction.Name != D + "remove")
            {
                continue;
            }

            foreach (var prop in instruction.Elements(D + "prop").Elements())
            {
                order.Add(prop.Name);
                if (isSet)
                {
                    set[prop.Name] = prop;
                    remove.Remove(prop.Name);
                }
                else
                {
                    remove.Add(prop.Name);
                    set.Remove(prop.Name);
                }
            }
        }

        var refused = order.Where(LiveProperties.IsProtected).ToHashSet();
        var response = new XElement(D + "response", new XElement(D + "href", DavPath.Href(path, a.Kind == VfsEntryKind.Directory)));
        if (refused.Count > 0)
        {
            response.Add(PropStat(403, refused.Select(n => new XElement(n))));
            response.Add(PropStat(424, order.Distinct().Where(n => !refused.Contains(n)).Select(n => new XElement(n))));
        }
        else
        {
            ApplyWin32Times(path, set.Values);
            _dead.Apply(path, set.Values, remove);
            response.Add(PropStat(200, order.Distinct().Select(n => new XElement(n))));
        }

        await DavXml.WriteAsync(context.Response, 207, new XElement(D + "multistatus", response), ct);
    }

    /// <summary>
    /// Windows sets Win32LastModifiedTime (and access time) after writing a file: applied to the
    /// real file, so Explorer's dates match what local programs and other nodes see.
    /// </summary>
    private void ApplyWin32Times(string path, IEnumerable<XElement> set)
    {
        DateTimeOffset? Parse(string name) =>
            set.FirstOrDefault(e => e.Name == DavXml.Microsoft + name) is { } e
            && DateTimeOffset.TryParse(e.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

        var modified = Parse("Win32LastModifiedTime");
        var accessed = Parse("Win32LastAccessTime");
        if (modified is not null || accessed is not null)
        {
            _folder.SetTimes(path, 0, accessed, modified);
        }
    }
}
