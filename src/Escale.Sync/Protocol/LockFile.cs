using System.Text;

namespace Escale.Sync.Protocol;

/// <summary>
/// The relay's <c>.NAME.lock</c> file, byte-compatible with Escale 0.6:
/// <c>lock%1.0\nowner: NODE\nmode: w</c> (UTF-8, no trailing newline). Readers also accept the
/// pre-0.4.2 form (the whole first line is the owner) and an empty file (no owner).
/// </summary>
public sealed record LockFile(string? Owner, char? Mode)
{
    public const string Header = "lock%1.0";

    public byte[] ToBytes()
    {
        var sb = new StringBuilder(Header);
        if (Owner is not null)
        {
            sb.Append("\nowner: ").Append(Owner);
        }

        if (Mode is not null)
        {
            sb.Append("\nmode: ").Append(Mode.Value);
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Parses any form the original wrote; never throws.</summary>
    public static LockFile Parse(ReadOnlySpan<byte> bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return new LockFile(null, null);
        }

        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim().Length == 0)
        {
            return new LockFile(null, null);
        }

        if (!lines[0].StartsWith("lock%", StringComparison.Ordinal))
        {
            return new LockFile(lines[0].Trim(), null); // pre-0.4.2: the first line is the owner
        }

        string? owner = null;
        char? mode = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key == "owner" && value.Length > 0)
            {
                owner = value;
            }
            else if (key == "mode" && value.Length > 0)
            {
                mode = value[0];
            }
        }

        return new LockFile(owner, mode);
    }
}
