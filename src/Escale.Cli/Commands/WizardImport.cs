using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>escale -i FILE</c>: sections of another configuration, as this one will need them. Global lines
/// of the source are folded into each section (the target's globals may differ), relative paths
/// become absolute (they were relative to the source's folder), and an inline <c>password</c> moves
/// to a 0600 secret file so that the new configuration holds no secret.
/// </summary>
public static class WizardImport
{
    private static readonly HashSet<string> PathOptions =
        ["local path", "secret file", "log file", "cache dir", "certfile", "keyfile"];

    public static IReadOnlyList<WizardSection> Read(string importFile, IReadOnlyCollection<string> names, string target, IReadOnlySet<string> taken)
    {
        if (!File.Exists(importFile))
        {
            throw new WizardException($"{importFile}: no such configuration file to import");
        }

        var source = EscaleConfig.Load(importFile);
        var repos = source.Select(names);
        var doc = IniDocument.Parse(File.ReadAllText(importFile), importFile);
        var result = new List<WizardSection>();
        foreach (var repo in repos)
        {
            if (taken.Contains(repo.Name))
            {
                throw new WizardException($"[{repo.Name}] already exists in {target}; nothing was written");
            }

            var section = new WizardSection(repo.Name);
            foreach (var entry in doc.Entries.Where(e => e.Section is null).Concat(doc.Entries.Where(e => e.Section == repo.Name)))
            {
                if (ConfigOptions.Find(entry.Key) is not { } option)
                {
                    continue; // already warned about by the load above
                }

                section.Set(option.Name, ValueFor(repo, option.Name, entry.Value, target, section));
            }

            result.Add(section);
        }

        return result;
    }

    private static string? ValueFor(RepositoryConfig repo, string option, string raw, string target, WizardSection section)
    {
        if (PathOptions.Contains(option) || (option == "relay dir" && repo.Protocol == "file"))
        {
            return repo.ExpandPath(raw);
        }

        if (option == "passphrase")
        {
            var path = repo.ExpandPath(raw);
            return File.Exists(path) ? path : raw;
        }

        if (option == "password")
        {
            var secretFile = WizardFiles.FreeName(target, repo.Name, ".secret");
            WizardFiles.WriteSecret(secretFile, $"password = {raw}\n");
            section.CreatedFiles.Add(secretFile);
            section.Set("secret file", secretFile);
            return null;
        }

        return raw;
    }
}
