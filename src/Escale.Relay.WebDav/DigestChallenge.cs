using System.Security.Cryptography;
using System.Text;

namespace Escale.Relay.WebDav;

/// <summary>
/// One <c>WWW-Authenticate: Digest ...</c> challenge and the answers computed from it (RFC 7616,
/// compatible with RFC 2617): MD5 and SHA-256, their -sess variants, qop=auth or none. The nonce
/// count grows per request so that one challenge serves the whole connection pool.
/// </summary>
internal sealed class DigestChallenge
{
    private long _nonceCount;

    private DigestChallenge(string realm, string nonce, string? opaque, string algorithm, bool qopAuth, bool stale)
    {
        Realm = realm;
        Nonce = nonce;
        Opaque = opaque;
        Algorithm = algorithm;
        QopAuth = qopAuth;
        Stale = stale;
    }

    public string Realm { get; }

    public string Nonce { get; }

    public string? Opaque { get; }

    /// <summary>As the server spelled it: MD5, MD5-sess, SHA-256, SHA-256-sess.</summary>
    public string Algorithm { get; }

    public bool QopAuth { get; }

    /// <summary>The previous nonce expired but the credentials were right: answer again, silently.</summary>
    public bool Stale { get; }

    /// <summary>Parses the parameters after "Digest "; null for an unsupported algorithm or qop.</summary>
    public static DigestChallenge? Parse(string parameters)
    {
        var p = AuthParameters.Parse(parameters);
        if (!p.TryGetValue("nonce", out var nonce) || !p.TryGetValue("realm", out var realm))
        {
            return null;
        }

        var algorithm = p.GetValueOrDefault("algorithm") ?? "MD5";
        if (HashFor(algorithm) is null)
        {
            return null;
        }

        var qopAuth = false;
        if (p.TryGetValue("qop", out var qop))
        {
            qopAuth = qop.Split(',').Any(q => q.Trim().Equals("auth", StringComparison.OrdinalIgnoreCase));
            if (!qopAuth)
            {
                return null; // auth-int only: would need the body's hash before sending it
            }
        }

        var stale = p.TryGetValue("stale", out var s) && s.Equals("true", StringComparison.OrdinalIgnoreCase);
        return new DigestChallenge(realm, nonce, p.GetValueOrDefault("opaque"), algorithm, qopAuth, stale);
    }

    /// <summary>Higher is preferred when a server offers several algorithms.</summary>
    public int Strength => Algorithm.StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase) ? 2 : 1;

    public string Answer(string user, string password, string method, string requestUri, string? cnonce = null)
    {
        var hash = HashFor(Algorithm)!;
        var sess = Algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase);
        cnonce ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var nc = Interlocked.Increment(ref _nonceCount).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var ha1 = hash($"{user}:{Realm}:{password}");
        if (sess)
        {
            ha1 = hash($"{ha1}:{Nonce}:{cnonce}");
        }

        var ha2 = hash($"{method}:{requestUri}");
        var response = QopAuth ? hash($"{ha1}:{Nonce}:{nc}:{cnonce}:auth:{ha2}") : hash($"{ha1}:{Nonce}:{ha2}");
        var sb = new StringBuilder("Digest ");
        sb.Append("username=\"").Append(Quote(user)).Append("\", realm=\"").Append(Quote(Realm))
          .Append("\", nonce=\"").Append(Quote(Nonce)).Append("\", uri=\"").Append(Quote(requestUri))
          .Append("\", algorithm=").Append(Algorithm).Append(", response=\"").Append(response).Append('"');
        if (Opaque is not null)
        {
            sb.Append(", opaque=\"").Append(Quote(Opaque)).Append('"');
        }

        if (QopAuth)
        {
            sb.Append(", qop=auth, nc=").Append(nc).Append(", cnonce=\"").Append(cnonce).Append('"');
        }

        return sb.ToString();
    }

    private static Func<string, string>? HashFor(string algorithm) => algorithm.ToUpperInvariant() switch
    {
        "MD5" or "MD5-SESS" => s => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s))),
        "SHA-256" or "SHA-256-SESS" => s => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s))),
        _ => null,
    };

    private static string Quote(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
