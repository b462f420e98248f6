using System.Globalization;
using System.Xml.Linq;
using Escale.Vfs;
using Escale.WebDavServer.Locks;

namespace Escale.WebDavServer.Properties;

/// <summary>
/// The properties the front-end computes from the folder: the DAV: ones every client reads, RFC
/// 4331 quota from the relay, and the sync state (the value of xattr user.escale.state).
/// </summary>
internal sealed class LiveProperties(IVirtualFolder folder, LockTable locks, QuotaCache quota)
{
    private static readonly XNamespace D = DavXml.Dav;

    public static readonly XName State = DavXml.Escale + "state";
    public static readonly XName QuotaAvailable = D + "quota-available-bytes";
    public static readonly XName QuotaUsed = D + "quota-used-bytes";

    /// <summary>What allprop returns (RFC 4331: quota only when asked by name).</summary>
    public static readonly XName[] AllProp =
    [
        D + "resourcetype", D + "getcontentlength", D + "getlastmodified", D + "creationdate", D + "getetag",
        D + "getcontenttype", D + "displayname", D + "supportedlock", D + "lockdiscovery", State,
    ];

    /// <summary>Clients may not set these with PROPPATCH.</summary>
    public static bool IsProtected(XName name) => AllProp.Contains(name) || name == QuotaAvailable || name == QuotaUsed;

    public static string ETag(VfsAttributes a) =>
        "\"" + a.Modified.UtcTicks.ToString("x", CultureInfo.InvariantCulture) + "-" + a.Size.ToString("x", CultureInfo.InvariantCulture) + "\"";

    /// <summary>The property's element, or null when this resource does not have it.</summary>
    public XElement? Get(string path, VfsAttributes a, XName name)
    {
        var dir = a.Kind == VfsEntryKind.Directory;
        if (name.Namespace == D)
        {
            return name.LocalName switch
            {
                "resourcetype" => new XElement(name, dir ? new XElement(D + "collection") : null),
                "getcontentlength" when !dir => new XElement(name, a.Size.ToString(CultureInfo.InvariantCulture)),
                "getlastmodified" => new XElement(name, a.Modified.UtcDateTime.ToString("R", CultureInfo.InvariantCulture)),
                "creationdate" => new XElement(name, a.Changed.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                "getetag" => new XElement(name, ETag(a)),
                "getcontenttype" when !dir => new XElement(name, "application/octet-stream"),
                "displayname" => new XElement(name, DavPath.Name(path)),
                "supportedlock" => SupportedLock(),
                "lockdiscovery" => LockDiscovery(locks.Affecting(path, withDescendants: false)),
                "quota-available-bytes" when dir && quota.Current?.AvailableBytes is { } free => new XElement(name, free.ToString(CultureInfo.InvariantCulture)),
                "quota-used-bytes" when dir && quota.Current?.UsedBytes is { } used => new XElement(name, used.ToString(CultureInfo.InvariantCulture)),
                _ => null,
            };
        }

        return name == State && folder.GetExtendedAttribute(path, "user.escale.state", out var value) == VfsError.Ok
            ? new XElement(name, System.Text.Encoding.UTF8.GetString(value))
            : null;
    }

    public static XElement LockDiscovery(IEnumerable<DavLock> active) =>
        new(D + "lockdiscovery", active.Select(ActiveLock));

    public static XElement ActiveLock(DavLock l) => new(
        D + "activelock",
        new XElement(D + "locktype", new XElement(D + "write")),
        new XElement(D + "lockscope", new XElement(D + (l.Exclusive ? "exclusive" : "shared"))),
        new XElement(D + "depth", l.Infinite ? "infinity" : "0"),
        l.Owner is null ? null : XElement.Parse(l.Owner),
        new XElement(D + "timeout", "Second-" + (long)l.Timeout.TotalSeconds),
        new XElement(D + "locktoken", new XElement(D + "href", l.Token)),
        new XElement(D + "lockroot", new XElement(D + "href", DavPath.Href(l.Root, collection: false))));

    private static XElement SupportedLock() => new(
        D + "supportedlock",
        new[] { "exclusive", "shared" }.Select(scope => new XElement(
            D + "lockentry",
            new XElement(D + "lockscope", new XElement(D + scope)),
            new XElement(D + "locktype", new XElement(D + "write")))));
}
