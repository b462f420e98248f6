using System.Globalization;
using Escale.Core.Paths;

namespace Escale.Sync;

/// <summary>Where the losing version of a conflict is kept: <c>NAME.escale-conflict-YYYYMMDD-HHMMSS-NODE.EXT</c>.</summary>
public static class ConflictNames
{
    public const string Marker = ".escale-conflict-";

    public static RelayPath For(RelayPath path, string node, DateTimeOffset when)
    {
        var name = path.Name;
        var dot = name.LastIndexOf('.');
        var (stem, ext) = dot > 0 ? (name[..dot], name[dot..]) : (name, "");
        var safeNode = new string(node.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        var stamp = when.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var candidate = stem + Marker + stamp + "-" + safeNode + ext;
        if (System.Text.Encoding.UTF8.GetByteCount(candidate) > RelayPath.MaxComponentBytes)
        {
            candidate = Marker.TrimStart('.') + stamp + "-" + safeNode + ext; // keep within one component
        }

        return path.Sibling(candidate);
    }
}
