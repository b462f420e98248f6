using Escale.Agent;
using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>Finds and loads the configuration; with none anywhere, writes the embedded default and says so.</summary>
public static class ConfigLoader
{
    public static EscaleConfig Load(string? explicitFile, string defaultLocalPath)
    {
        if (explicitFile is not null && !File.Exists(explicitFile))
        {
            throw new ConfigException($"{explicitFile}: no such configuration file");
        }

        var file = EscaleConfig.Locate(explicitFile);
        if (file is null)
        {
            file = DefaultConfig.Create(defaultLocalPath, out var relay);
            Console.Error.WriteLine($"no configuration found: created {file}");
            Console.Error.WriteLine($"  local folder {defaultLocalPath}, relay folder {relay} (protocol = file); edit it to use a shared relay");
        }

        var config = EscaleConfig.Load(file);
        foreach (var w in config.Warnings)
        {
            Console.Error.WriteLine("warning: " + w);
        }

        return config;
    }

    public static string DefaultLocalPath() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Escale");
}
