using Escale.Core.Config;

namespace Escale.Agent.Logging;

/// <summary>
/// The last line of defence for "never a secret in a log": every password and passphrase value the
/// configuration names (inline, or the content of its secret/key file) is replaced by <c>***</c>
/// in each record before it is written. Drivers already avoid logging them; this catches the rest
/// (an exception message quoting a URL with credentials, a server echoing a login).
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>Shorter values would redact ordinary words; such a weak secret is not worth hiding from its owner's log.</summary>
    private const int MinLength = 4;

    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string> secrets)
    {
        _secrets = secrets.Where(s => s.Length >= MinLength).Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length).ToArray();
    }

    public static SecretRedactor None { get; } = new([]);

    public static SecretRedactor For(IEnumerable<RepositoryConfig> repos) => new(repos.SelectMany(Collect));

    public string Redact(string line)
    {
        foreach (var s in _secrets)
        {
            if (line.Contains(s, StringComparison.Ordinal))
            {
                line = line.Replace(s, "***", StringComparison.Ordinal);
            }
        }

        return line;
    }

    private static IEnumerable<string> Collect(RepositoryConfig repo)
    {
        if (repo.GetOrNull<string>("password") is { } password)
        {
            yield return password;
        }

        foreach (var option in new[] { "secret file", "passphrase", "smtp secret file" })
        {
            var raw = repo.GetOrNull<string>(option);
            if (raw is null)
            {
                continue;
            }

            var lines = ReadIfFile(repo, raw);
            if (lines is null)
            {
                if (!LooksLikePath(raw))
                {
                    yield return raw; // an inline passphrase; a missing key file's path is no secret (and its error must name it)
                }

                continue;
            }

            foreach (var line in lines)
            {
                var value = line.Trim();
                var sep = value.IndexOfAny(['=', ':']);
                if (sep > 0 && value[..sep].Trim().ToLowerInvariant() is "password" or "pass")
                {
                    yield return value[(sep + 1)..].Trim();
                }

                yield return value;
            }
        }
    }

    private static bool LooksLikePath(string raw) =>
        raw.StartsWith('/') || raw.StartsWith("~/", StringComparison.Ordinal) || raw.StartsWith("./", StringComparison.Ordinal) || raw.StartsWith("../", StringComparison.Ordinal);

    private static string[]? ReadIfFile(RepositoryConfig repo, string raw)
    {
        try
        {
            var path = repo.ExpandPath(raw);
            return File.Exists(path) ? File.ReadAllLines(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
