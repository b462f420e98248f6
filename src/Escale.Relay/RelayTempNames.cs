using System.Security.Cryptography;
using System.Text;
using Escale.Core.Paths;

namespace Escale.Relay;

/// <summary>
/// Names of temporary uploads on the relay. They look like lock files of a file that does not exist
/// (<c>.NAME.escale-part-TAG-HEX.lock</c>): an original Escale node ignores locks whose file is absent,
/// whereas it would take any other unknown name for a user file. TAG identifies the node that writes
/// it (a hash of its client name), so a node restarted after a crash removes its own leftovers at
/// once; anyone removes the others' once they are older than the lock timeout.
/// </summary>
public static class RelayTempNames
{
    private const string Marker = ".escale-part-";

    /// <summary>The 8-hex-digit tag of a client name.</summary>
    public static string TagOf(string client) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(client)).AsSpan(0, 4));

    public static RelayPath For(RelayPath target, string? ownerTag = null)
    {
        var tag = ownerTag ?? "00000000";
        var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var name = "." + target.Name + Marker + tag + "-" + hex + ".lock";
        if (Encoding.UTF8.GetByteCount(name) > RelayPath.MaxComponentBytes)
        {
            name = Marker + tag + "-" + hex + ".lock";
        }

        return target.Sibling(name);
    }

    public static bool IsTemp(string name) =>
        name.StartsWith('.') && name.EndsWith(".lock", StringComparison.Ordinal) && name.Contains(Marker, StringComparison.Ordinal);

    /// <summary>The owner tag of a temp name, or null.</summary>
    public static string? OwnerTagOf(string name)
    {
        var i = name.LastIndexOf(Marker, StringComparison.Ordinal);
        if (i < 0 || name.Length < i + Marker.Length + 8)
        {
            return null;
        }

        return name.Substring(i + Marker.Length, 8);
    }
}
