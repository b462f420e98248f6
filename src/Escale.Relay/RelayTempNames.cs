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
    private const string ProbeBase = ".escale-probe";

    /// <summary>The 8-hex-digit tag of a client name.</summary>
    public static string TagOf(string client) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(client)).AsSpan(0, 4));

    /// <summary>
    /// A fresh temp name next to <paramref name="target"/>. The owner tag is required: an untagged temp
    /// (the old <c>00000000</c>) is never recognised by its writer at restart and lingers for the whole
    /// lock timeout, counted against the quota.
    /// </summary>
    public static RelayPath For(RelayPath target, string ownerTag)
    {
        var tag = CheckTag(ownerTag);
        var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var name = "." + target.Name + Marker + tag + "-" + hex + ".lock";
        if (Encoding.UTF8.GetByteCount(name) > RelayPath.MaxComponentBytes)
        {
            name = Marker + tag + "-" + hex + ".lock";
        }

        return target.Sibling(name);
    }

    /// <summary>
    /// A probe file for a store's connect-time measurements, in <paramref name="directory"/>: lock-shaped
    /// and owner-tagged like a temp upload, so an agent killed while probing finds its own at the next
    /// start and an original Escale node never offers it as a user file.
    /// </summary>
    public static RelayPath Probe(RelayPath directory, string ownerTag) =>
        For(directory.Append(ProbeBase), ownerTag);

    public static bool IsTemp(string name) =>
        (name.StartsWith('.') && name.EndsWith(".lock", StringComparison.Ordinal) && name.Contains(Marker, StringComparison.Ordinal))
        || IsLegacyProbe(name);

    /// <summary>
    /// The FTP probe names of earlier builds (<c>.escale-probe-HEX-a</c>), untagged: collected like
    /// anybody's temp once older than the lock timeout.
    /// </summary>
    public static bool IsLegacyProbe(string name) =>
        name.Length == ".escale-probe-".Length + 10 && name.StartsWith(".escale-probe-", StringComparison.Ordinal)
        && name[^2] == '-' && name[^1] is 'a' or 'b' && name[".escale-probe-".Length..^2].All(Uri.IsHexDigit);

    private static string CheckTag(string tag) =>
        tag.Length == 8 && tag.All(Uri.IsHexDigit) ? tag
            : throw new ArgumentException($"owner tag '{tag}' is not 8 hex digits (use RelayTempNames.TagOf(client))", nameof(tag));

    /// <summary>The owner tag of a temp name, or null.</summary>
    public static string? OwnerTagOf(string name)
    {
        var i = name.LastIndexOf(Marker, StringComparison.Ordinal);
        if (i < 0 || IsLegacyProbe(name) || name.Length < i + Marker.Length + 8)
        {
            return null;
        }

        return name.Substring(i + Marker.Length, 8);
    }
}
