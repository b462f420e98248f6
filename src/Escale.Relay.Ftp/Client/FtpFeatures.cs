namespace Escale.Relay.Ftp.Client;

/// <summary>What the server announced in its FEAT reply (RFC 2389), by feature name in upper case.</summary>
internal sealed class FtpFeatures
{
    private readonly Dictionary<string, string> _features = new(StringComparer.OrdinalIgnoreCase);

    public static FtpFeatures Parse(FtpReply reply)
    {
        var result = new FtpFeatures();
        if (reply.Code != 211)
        {
            return result; // 500/502: no FEAT, so no extension may be assumed
        }

        // Feature lines start with a space; the first and last lines are the 211 framing.
        foreach (var line in reply.Text.Split('\n'))
        {
            if (line.Length < 2 || line[0] != ' ')
            {
                continue;
            }

            var trimmed = line.Trim();
            var space = trimmed.IndexOf(' ');
            var name = space < 0 ? trimmed : trimmed[..space];
            result._features[name] = space < 0 ? "" : trimmed[(space + 1)..];
        }

        return result;
    }

    public bool Has(string name) => _features.ContainsKey(name);

    /// <summary>The parameters after the feature name ("" when none, null when absent).</summary>
    public string? Parameters(string name) => _features.GetValueOrDefault(name);

    public bool Mlsd => Has("MLST");

    public bool Mfmt => Has("MFMT");

    public bool Utf8 => Has("UTF8");

    public bool Size => Has("SIZE");

    public bool Mdtm => Has("MDTM");

    /// <summary>"REST STREAM" (RFC 3659): REST before RETR/STOR gives a byte offset.</summary>
    public bool RestStream => Parameters("REST")?.Contains("STREAM", StringComparison.OrdinalIgnoreCase) == true;

    public bool Epsv => Has("EPSV");

    public IEnumerable<string> Names => _features.Keys.Order(StringComparer.Ordinal);
}
