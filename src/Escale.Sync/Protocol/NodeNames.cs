using System.Text;

namespace Escale.Sync.Protocol;

/// <summary>
/// What a node (client) name may be. Names come from configurations and from the relay; a name read
/// from the relay that breaks these rules is ignored, a configured one is refused at start. ',' and ':'
/// are out because our <c>expect:</c> placeholder line lists names with commas and an original node
/// rejects a placeholder value that holds a colon.
/// </summary>
public static class NodeNames
{
    public const int MaxBytes = 255;

    /// <summary>Null when the name is usable, else why not.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "empty";
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            return $"longer than {MaxBytes} bytes";
        }

        if (name.Any(char.IsControl))
        {
            return "control characters";
        }

        if (name.IndexOfAny([',', ':']) >= 0)
        {
            return "',' or ':'";
        }

        return name.Trim().Length != name.Length ? "leading or trailing spaces" : null;
    }
}
