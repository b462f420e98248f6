using System.Text;

namespace Escale.Agent.Logging;

/// <summary>
/// Escapes control characters (C0, DEL, C1) of a log message as <c>\xNN</c>. Done once, in the sink,
/// because the strings a relay controls (names, pushers, pullers, lock owners, server replies) reach
/// log messages through many paths; escaping each at its call site missed some (an ESC sequence in a
/// pusher name recoloured the terminal, a NUL cut the line in journald). A log line stays one line.
/// </summary>
public static class LogEscaper
{
    public static string Escape(string message)
    {
        var i = 0;
        while (i < message.Length && !IsControl(message[i]))
        {
            i++;
        }

        if (i == message.Length)
        {
            return message;
        }

        var sb = new StringBuilder(message.Length + 16).Append(message, 0, i);
        for (; i < message.Length; i++)
        {
            var c = message[i];
            if (IsControl(c))
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static bool IsControl(char c) => c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
}
