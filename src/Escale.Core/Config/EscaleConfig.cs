namespace Escale.Core.Config;

/// <summary>A parsed escale.conf: its repositories (sections) and the warnings met on the way.</summary>
public sealed class EscaleConfig
{
    private EscaleConfig(string file, IReadOnlyList<RepositoryConfig> repositories, IReadOnlyList<string> warnings)
    {
        File = file;
        Repositories = repositories;
        Warnings = warnings;
    }

    public string File { get; }

    public IReadOnlyList<RepositoryConfig> Repositories { get; }

    /// <summary>Unknown options and the like: one line each, already naming file and line.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The default search order of the original, after -c.</summary>
    public static IEnumerable<string> DefaultLocations()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        yield return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".config") : xdg, "escale", "escale.conf");
        yield return Path.Combine(home, ".escale", "escale.conf");
        yield return "/etc/escale.conf";
    }

    /// <summary>-c FILE if given, else the first default location that exists, else null.</summary>
    public static string? Locate(string? explicitFile)
    {
        if (explicitFile is not null)
        {
            return explicitFile;
        }

        return DefaultLocations().FirstOrDefault(System.IO.File.Exists);
    }

    public static EscaleConfig Load(string file)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{file}: cannot read configuration: {e.Message}");
        }

        return Parse(text, file);
    }

    public static EscaleConfig Parse(string text, string file)
    {
        var doc = IniDocument.Parse(text, file);
        var warnings = new List<string>();
        var global = new Dictionary<string, (object, string, int)>();
        var perSection = doc.Sections.ToDictionary(s => s, _ => new Dictionary<string, (object, string, int)>());

        foreach (var entry in doc.Entries)
        {
            var option = ConfigOptions.Find(entry.Key);
            if (option is null)
            {
                if (GuardedOptions.TypoOf(entry.Key) is { } guarded)
                {
                    throw ConfigException.At(file, entry.Line,
                        $"unknown option '{entry.Key}' (did you mean '{guarded}'?): a misspelt security or relay option is an error, not a warning");
                }

                var hint = ConfigOptions.Suggest(entry.Key);
                warnings.Add($"{file}:{entry.Line}: unknown option '{entry.Key}' ignored" + (hint is null ? "" : $" (did you mean '{hint}'?)"));
                continue;
            }

            object? value;
            try
            {
                value = option.Parse(entry.Value);
            }
            catch (FormatException e)
            {
                var detail = e.Message.StartsWith("bad ", StringComparison.Ordinal) ? e.Message + "; " : "";
                throw ConfigException.At(file, entry.Line, $"invalid value '{entry.Value}' for '{entry.Key}': {detail}allowed: {option.Allowed}");
            }

            var target = entry.Section is null ? global : perSection[entry.Section];
            if (target.ContainsKey(option.Name))
            {
                warnings.Add($"{file}:{entry.Line}: '{entry.Key}' repeats '{option.Name}'; the last one wins");
            }

            target[option.Name] = (value!, entry.Value, entry.Line);
        }

        var repositories = new List<RepositoryConfig>();
        foreach (var name in doc.Sections)
        {
            var merged = new Dictionary<string, (object Value, string Raw, int Line)>(global);
            foreach (var (k, v) in perSection[name])
            {
                merged[k] = v;
            }

            if (!merged.ContainsKey("client"))
            {
                // The original: a missing client name defaults to the host name. Keep it explicit.
                merged["client"] = (RepositoryConfig.DefaultClientName(), "", 0);
            }

            var repo = new RepositoryConfig(name, file, merged);
            if (!merged.ContainsKey("local path"))
            {
                throw new ConfigException($"{file}: [{name}]: missing 'local path' (the folder to synchronize)");
            }

            if (repo.Protocol == "file" && repo.RelayDir.Length == 0 && repo.HostAddress is null)
            {
                throw new ConfigException($"{file}: [{name}]: protocol 'file' needs 'relay dir' (the relay folder)");
            }

            repositories.Add(repo);
        }

        if (repositories.Count == 0)
        {
            throw new ConfigException($"{file}: no repository: add a section such as [myrepo] with 'local path' and a relay");
        }

        return new EscaleConfig(file, repositories, warnings);
    }

    /// <summary>The sections named by -r, in order; all of them when none is named.</summary>
    public IReadOnlyList<RepositoryConfig> Select(IReadOnlyCollection<string> names)
    {
        if (names.Count == 0)
        {
            return Repositories;
        }

        return names.Select(n => Repositories.FirstOrDefault(r => r.Name == n)
            ?? throw new ConfigException($"{File}: no section [{n}] (sections: {string.Join(", ", Repositories.Select(r => r.Name))})")).ToList();
    }
}
