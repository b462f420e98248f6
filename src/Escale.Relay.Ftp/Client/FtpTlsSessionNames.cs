using System.Net;

namespace Escale.Relay.Ftp.Client;

/// <summary>
/// A distinct TLS target name for each live control connection. vsftpd and ProFTPD accept a data
/// connection only when it resumes the TLS session of its own control connection (each session is a
/// separate server process with its own ticket keys). .NET resumes client sessions by itself but keeps
/// one session per target name, process-wide: with several pooled connections to one server, a data
/// connection would offer another connection's session and be refused ("No SSL session reuse").
/// So each connection gets its own spelling of the name: a different upper/lower case pattern for a
/// host name (DNS names are case-insensitive, so SNI and certificate checks are unchanged), and for an
/// IP address (which SNI cannot carry anyway) a name under ".invalid"; the certificate is then checked
/// against the real address by <see cref="FtpCertificatePolicy"/>.
/// </summary>
internal static class FtpTlsSessionNames
{
    private static readonly HashSet<string> InUse = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static string Acquire(string host)
    {
        lock (Gate)
        {
            for (var i = 0; ; i++)
            {
                var name = Variant(host, i);
                if (InUse.Add(name))
                {
                    return name;
                }
            }
        }
    }

    public static void Release(string name)
    {
        lock (Gate)
        {
            InUse.Remove(name);
        }
    }

    /// <summary>True when the name is a stand-in and the certificate must be matched against the real host.</summary>
    public static bool IsSynthetic(string name) => name.EndsWith(".invalid", StringComparison.Ordinal);

    private static string Variant(string host, int i)
    {
        if (IPAddress.TryParse(host, out _))
        {
            return $"{host.Replace(':', '-').Replace('.', '-')}.s{i}.escale-ftp.invalid";
        }

        var letters = host.Select((c, index) => (c, index)).Where(x => char.IsAsciiLetter(x.c)).Select(x => x.index).ToArray();
        if (letters.Length < 31 && i >= 1 << letters.Length)
        {
            return $"{host}.s{i}.escale-ftp.invalid"; // a name with almost no letters and many connections
        }

        var chars = host.ToLowerInvariant().ToCharArray();
        for (var bit = 0; bit < letters.Length && bit < 31; bit++)
        {
            if ((i & (1 << bit)) != 0)
            {
                chars[letters[bit]] = char.ToUpperInvariant(chars[letters[bit]]);
            }
        }

        return new string(chars);
    }
}
