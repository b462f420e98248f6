using System.Security.Cryptography;
using System.Text;

namespace Escale.Relay.Sftp;

/// <summary>What to do with the host key a server showed: trust it, or refuse with one line.</summary>
public sealed record HostKeyVerdict(bool Trusted, string? Refusal, string How);

/// <summary>
/// Host key decisions, as pure functions: a pinned <c>SHA256:</c> fingerprint wins; otherwise the key
/// must be listed for this host in known_hosts (OpenSSH format: plain or hashed <c>|1|salt|hmac</c> host
/// names, <c>[host]:port</c> off port 22, <c>*</c>/<c>?</c> patterns and <c>!</c> negations, <c>@revoked</c>).
/// Anything else is refused with one line that shows the fingerprint to pin, because trusting an
/// unknown key on first use would hand the relay to whoever answers first.
/// </summary>
public static class SftpHostKeys
{
    /// <summary>The fingerprint as <c>ssh-keygen -l</c> prints it: SHA256: and unpadded base64.</summary>
    public static string Fingerprint(byte[] keyBlob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(keyBlob)).TrimEnd('=');

    public static HostKeyVerdict Decide(string knownHostsName, string keyType, byte[] keyBlob, string? pinned, string knownHostsFile, IEnumerable<string>? knownHostsLines)
    {
        var fingerprint = Fingerprint(keyBlob);
        if (pinned is not null)
        {
            return string.Equals(pinned.Trim(), fingerprint, StringComparison.Ordinal)
                ? new HostKeyVerdict(true, null, $"host key {keyType} {fingerprint} matches the pinned 'host key'")
                : new HostKeyVerdict(false, $"{knownHostsName}: host key {keyType} {fingerprint} does NOT match the pinned 'host key = {pinned.Trim()}' (server changed or someone is in between); refused", "");
        }

        var sameType = false;
        var lines = knownHostsLines ?? [];
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var marker = fields.Length > 0 && fields[0].StartsWith('@') ? fields[0] : null;
            var at = marker is null ? 0 : 1;
            if (fields.Length < at + 3 || !HostMatches(fields[at], knownHostsName))
            {
                continue;
            }

            var type = fields[at + 1];
            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(fields[at + 2]);
            }
            catch (FormatException)
            {
                continue;
            }

            var same = blob.AsSpan().SequenceEqual(keyBlob);
            if (marker == "@revoked" && same)
            {
                return new HostKeyVerdict(false, $"{knownHostsName}: host key {keyType} {fingerprint} is marked @revoked in {knownHostsFile}; refused", "");
            }

            if (marker is not null)
            {
                continue; // @cert-authority: host certificates are not used here
            }

            if (same)
            {
                return new HostKeyVerdict(true, null, $"host key {keyType} {fingerprint} found in {knownHostsFile}");
            }

            sameType |= type == keyType;
        }

        return sameType
            ? new HostKeyVerdict(false, $"{knownHostsName}: host key {keyType} {fingerprint} differs from the one in {knownHostsFile} (server changed or someone is in between); refused", "")
            : new HostKeyVerdict(false, $"{knownHostsName}: unknown host key {keyType} {fingerprint}; once checked with the server's owner, add 'host key = {fingerprint}' to the section (or the key to {knownHostsFile})", "");
    }

    /// <summary>One known_hosts host field (comma-separated patterns, or one hashed name) against our host name.</summary>
    public static bool HostMatches(string field, string name)
    {
        if (field.StartsWith("|1|", StringComparison.Ordinal))
        {
            var parts = field.Split('|');
            if (parts.Length != 4)
            {
                return false;
            }

            try
            {
                using var hmac = new HMACSHA1(Convert.FromBase64String(parts[2]));
                var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(name));
                return CryptographicOperations.FixedTimeEquals(hash, Convert.FromBase64String(parts[3]));
            }
            catch (FormatException)
            {
                return false;
            }
        }

        var matched = false;
        foreach (var pattern in field.Split(','))
        {
            var negated = pattern.StartsWith('!');
            var p = negated ? pattern[1..] : pattern;
            if (Wildcard(p, name))
            {
                if (negated)
                {
                    return false;
                }

                matched = true;
            }
        }

        return matched;
    }

    private static bool Wildcard(string pattern, string text)
    {
        // OpenSSH's match_pattern: '*' any run, '?' one character, case-insensitive host names.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
