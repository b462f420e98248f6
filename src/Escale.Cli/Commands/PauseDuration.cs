using System.Globalization;
using System.Text.RegularExpressions;

namespace Escale.Cli.Commands;

/// <summary><c>pause --for</c>: <c>90</c> (seconds), <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>, or sums like <c>1h30m</c>.</summary>
public static partial class PauseDuration
{
    public const string Allowed = "a number with s, m, h or d (seconds when none), or a sum like 1h30m";

    /// <summary>The span; null when the text is not a positive duration.</summary>
    public static TimeSpan? TryParse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (double.TryParse(t, NumberStyles.None | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var bare))
        {
            return bare > 0 ? TimeSpan.FromSeconds(bare) : null;
        }

        if (!Whole().IsMatch(t))
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match m in Part().Matches(t))
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
        }

        return total > TimeSpan.Zero ? total : null;
    }

    [GeneratedRegex(@"^(\d+(\.\d+)?[smhd])+$")]
    private static partial Regex Whole();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)([smhd])")]
    private static partial Regex Part();
}
