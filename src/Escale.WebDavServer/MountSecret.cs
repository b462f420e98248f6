using System.Security.Cryptography;
using System.Text;

namespace Escale.WebDavServer;

/// <summary>
/// The per-mount secret: a random password for Basic authentication, compared in constant time.
/// Only the process that started the mount knows it, so other local users reaching the loopback
/// port get 401 and nothing else.
/// </summary>
public static class MountSecret
{
    /// <summary>
    /// 32 random bytes, URL-safe base64 (43 characters, no padding), usable in URLs and secrets files; never
    /// starting with '-': the secret is handed to other programs (litmus, clients in scripts) where a leading
    /// dash reads as an option (seen: litmus refusing one, about 1 run in 64).
    /// </summary>
    public static string Create()
    {
        while (true)
        {
            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            if (secret[0] != '-')
            {
                return secret;
            }
        }
    }

    /// <summary>True when an Authorization header carries exactly <paramref name="secret"/> for <see cref="WebDavServerOptions.UserName"/>.</summary>
    public static bool Accepts(string? authorization, string secret)
    {
        const string scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(authorization[scheme.Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes(WebDavServerOptions.UserName + ":" + secret);
        return CryptographicOperations.FixedTimeEquals(decoded, expected);
    }
}
