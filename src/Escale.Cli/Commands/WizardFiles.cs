using System.Security.Cryptography;
using System.Text;

namespace Escale.Cli.Commands;

/// <summary>Files the wizard writes: owner-only secret and key files, and the appended configuration.</summary>
public static class WizardFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="content"/> to a new file that is 0600 from its first byte.</summary>
    public static void WriteSecret(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly); // UnixCreateMode does not apply to an existing file
        }
    }

    /// <summary>An aead passphrase: 32 random bytes as urlsafe base64 (43 characters, no padding).</summary>
    public static string NewAeadPassphrase() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A Fernet key as Python's Fernet.generate_key(): 32 random bytes, urlsafe base64 with padding (44 characters).</summary>
    public static string NewFernetKey() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_');

    /// <summary>Appends sections to the configuration file (created with its folder when missing).</summary>
    public static void AppendConfig(string file, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var existing = File.Exists(file) ? File.ReadAllText(file) : "";
        var prefix = existing.Length == 0 ? "# escale.conf — one section per repository (written by escale -i)\n"
            : existing.EndsWith('\n') ? "\n" : "\n\n";
        File.AppendAllText(file, prefix + text);
    }

    /// <summary>A file next to the configuration, named after the section, not yet taken.</summary>
    public static string FreeName(string configFile, string section, string suffix)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(configFile))!;
        var safe = new string(section.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        var path = Path.Combine(dir, safe + suffix);
        for (var i = 2; File.Exists(path); i++)
        {
            path = Path.Combine(dir, $"{safe}-{i}{suffix}");
        }

        return path;
    }
}
