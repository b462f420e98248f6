using System.Globalization;
using System.Text.RegularExpressions;

namespace Escale.Sync.Parts;

/// <summary>
/// Relay names of parts: <c>D/.NAME.escale-part-0007-of-0012</c> beside <c>D/.NAME.placeholder</c>. A dot-file that
/// is neither a lock nor a placeholder: Escale 0.6's <c>listReady</c> offers only names that do not start with '.',
/// and its upload check only looks up local names (never dot-files), so an original node neither pulls, deletes nor
/// repairs a part (native-notes/relay-protocol.md, "Parts"). Not <c>.lock</c>-shaped, so never taken for a temp upload
/// (<c>.NAME.escale-part-TAG-HEX.lock</c>) nor a lock.
/// </summary>
public static partial class PartNames
{
    public static string NameOf(string fileName, int index, int count) =>
        string.Create(CultureInfo.InvariantCulture, $".{fileName}.escale-part-{index:D4}-of-{count:D4}");

    /// <summary>Whether <paramref name="name"/> is a part; <paramref name="subject"/> is the file it belongs to.</summary>
    public static bool TryParse(string name, out string subject, out int index, out int count)
    {
        subject = "";
        index = count = 0;
        var m = Pattern().Match(name);
        if (!m.Success
            || !int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out index)
            || !int.TryParse(m.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out count)
            || index < 1 || index > count || count > PartPlan.MaxParts)
        {
            return false;
        }

        subject = m.Groups[1].Value;
        return true;
    }

    [GeneratedRegex(@"^\.(.+)\.escale-part-(\d{4,5})-of-(\d{4,5})$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Pattern();
}
