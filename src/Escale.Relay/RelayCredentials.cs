using Escale.Core.Config;

namespace Escale.Relay;

/// <summary>
/// User and password of a relay account: from <c>password</c>, else from the <c>secret file</c> (the
/// original Escale's format: a line <c>password</c>, or <c>user:password</c> lines, the one for our user
/// wins), else asked on the terminal without echo. The one credentials reader of every driver.
/// The password is never logged or put in a message.
/// </summary>
public sealed class RelayCredentials
{
    private RelayCredentials(string user, string password)
    {
        User = user;
        Password = password;
    }

    public string User { get; }

    public string Password { get; }

    public override string ToString() => $"{User} (password hidden)";

    /// <param name="prompt">Asks for the password given the question; null when nobody can answer.</param>
    public static RelayCredentials Resolve(RepositoryConfig config, string defaultUser, string where, Func<string, string?>? prompt = null)
    {
        var user = config.GetOrNull<string>("user");
        var password = config.GetOrNull<string>("password");
        if (password is null && config.GetPath("secret file") is { } file)
        {
            (user, password) = FromSecretFile(file, user, $"{config.File}: [{config.Name}]");
        }

        user ??= defaultUser;
        if (password is null)
        {
            prompt ??= TerminalPrompt;
            password = prompt($"Password for {user} on {where}: ")
                ?? throw new ConfigException($"{config.File}: [{config.Name}]: no password for {user} on {where}: set 'password' or 'secret file', or run on a terminal to be asked");
        }

        return new RelayCredentials(user, password);
    }

    public static (string? User, string Password) FromSecretFile(string file, string? user, string section)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file).Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{section}: cannot read secret file {file}: {e.Message}");
        }

        if (user is not null && lines.FirstOrDefault(l => l.StartsWith(user + ":", StringComparison.Ordinal)) is { } mine)
        {
            return (user, mine[(user.Length + 1)..]);
        }

        if (lines.Length == 1)
        {
            var colon = lines[0].IndexOf(':');
            // "user:password" names the user only when the config does not; else the whole line is the password.
            return user is null && colon > 0 ? (lines[0][..colon], lines[0][(colon + 1)..]) : (user, lines[0]);
        }

        throw new ConfigException(lines.Length == 0
            ? $"{section}: secret file {file} is empty"
            : $"{section}: secret file {file} has no line 'user:password' for user {user ?? "(no 'user' set)"}");
    }

    /// <summary>Reads a password without echo when stdin is a terminal; null otherwise.</summary>
    public static string? TerminalPrompt(string question)
    {
        if (Console.IsInputRedirected || Console.IsErrorRedirected)
        {
            return null;
        }

        Console.Error.Write(question);
        var chars = new List<char>();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (chars.Count > 0)
                {
                    chars.RemoveAt(chars.Count - 1);
                }

                continue;
            }

            if (!char.IsControl(key.KeyChar))
            {
                chars.Add(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return new string([.. chars]);
    }
}
