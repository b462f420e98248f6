namespace Escale.Core.Config;

/// <summary>
/// Options whose misspelling changes what reaches the relay: <c>encrytion = aead</c> ignored as a
/// mere warning pushes plaintext into a repository whose other nodes encrypt, and a misspelt
/// <c>relay dir</c> or <c>protocol</c> syncs with another relay than intended. An unknown option
/// within two edits of one of these is therefore an error; other unknown options stay warnings.
/// </summary>
public static class GuardedOptions
{
    public const int MaxDistance = 2;

    public static readonly IReadOnlyList<string> Names = ["encryption", "passphrase", "key", "protocol", "relay dir"];

    /// <summary>The guarded option an unknown (normalized) key is a likely typo of, or null.</summary>
    public static string? TypoOf(string unknownKey)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in Names)
        {
            var d = Distance(unknownKey, name);
            if (d <= MaxDistance && d < bestDistance)
            {
                best = name;
                bestDistance = d;
            }
        }

        return best;
    }

    /// <summary>
    /// Damerau-Levenshtein distance (optimal string alignment: insertion, deletion, substitution and
    /// transposition of two adjacent characters each count one), so "encrytpion" is one edit away.
    /// </summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, d[i - 2, j - 2] + 1);
                }

                d[i, j] = best;
            }
        }

        return d[a.Length, b.Length];
    }
}
