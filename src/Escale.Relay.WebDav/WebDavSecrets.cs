using Escale.Core.Config;

namespace Escale.Relay.WebDav;

/// <summary>
/// User and password from the repository options: <c>password</c> wins; else <c>secret file</c>, which
/// holds either the password alone on its first line, or <c>user = ...</c> / <c>password = ...</c>
/// lines (':' also accepted). The lead will unify this with the FTP driver's copy.
/// </summary>
internal static class WebDavSecrets
{
    public static (string? User, string? Password) Resolve(RepositoryConfig config)
    {
        var user = config.GetOrNull<string>("user");
        var password = config.GetOrNull<string>("password");
        if (password is not null)
        {
            return (user, password);
        }

        var file = config.GetPath("secret file");
        if (file is null)
        {
            return (user, null);
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RelayException(RelayErrorKind.Authentication, $"secret file {file} cannot be read: {e.Message}", e);
        }

        string? fileUser = null, filePassword = null;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            var sep = line.IndexOfAny(['=', ':']);
            if (sep <= 0)
            {
                continue;
            }

            var key = line[..sep].Trim().ToLowerInvariant();
            var value = line[(sep + 1)..].Trim();
            if (key is "user" or "username" or "login")
            {
                fileUser = value;
            }
            else if (key is "password" or "pass")
            {
                filePassword = value;
            }
        }

        if (filePassword is null)
        {
            // A file with just the password: keep it exactly, minus the line end.
            filePassword = lines.Length > 0 ? lines[0].TrimEnd('\r', '\n') : "";
        }

        return (user ?? fileUser, filePassword);
    }
}
