using System.Security.Cryptography;
using Escale.Core.Paths;

namespace Escale.Relay;

/// <summary>
/// Names of temporary uploads on the relay. They look like lock files of a file that does not exist
/// (<c>.NAME.escale-part-HEX.lock</c>): an original Escale node ignores locks whose file is absent,
/// whereas it would take any other unknown name for a user file. Our protocol skips them and removes
/// leftovers once they are older than the lock timeout.
/// </summary>
public static class RelayTempNames
{
    private const string Marker = ".escale-part-";

    public static RelayPath For(RelayPath target)
    {
        var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var name = "." + target.Name + Marker + hex + ".lock";
        if (System.Text.Encoding.UTF8.GetByteCount(name) > RelayPath.MaxComponentBytes)
        {
            name = Marker + hex + ".lock";
        }

        return target.Sibling(name);
    }

    public static bool IsTemp(string name) =>
        name.StartsWith('.') && name.EndsWith(".lock", StringComparison.Ordinal) && name.Contains(Marker, StringComparison.Ordinal);
}
