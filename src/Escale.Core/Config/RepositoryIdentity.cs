using System.Security.Cryptography;
using System.Text;

namespace Escale.Core.Config;

/// <summary>
/// What makes a repository on this machine: its section, its local folder and its relay. The state
/// folder is named after it and records it (<see cref="Format"/>), so a moved folder or a renamed
/// section can be recognised instead of silently starting over.
/// </summary>
public sealed record RepositoryIdentity(string Section, string LocalPath, string Relay)
{
    public const string FileName = "repository.id";

    /// <summary><c>SECTION-HASH</c>: readable, and distinct for every (section, local folder, relay).</summary>
    public string FolderName
    {
        get
        {
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(Section + "\n" + LocalPath + "\n" + Relay));
            return RepositoryConfig.SafeFileName(Section) + "-" + Convert.ToHexStringLower(digest)[..12];
        }
    }

    public string Format() => $"section: {Section}\nlocal: {LocalPath}\nrelay: {Relay}\n";

    /// <summary>The identity a state folder recorded, or null when the text is not one.</summary>
    public static RepositoryIdentity? Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return values.TryGetValue("section", out var s) && values.TryGetValue("local", out var l) && values.TryGetValue("relay", out var r)
            ? new RepositoryIdentity(s, l, r)
            : null;
    }
}
