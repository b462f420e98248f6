namespace Escale.Core.Config;

/// <summary>A configuration problem, already phrased as the one line the user sees.</summary>
public sealed class ConfigException(string message) : Exception(message)
{
    public static ConfigException At(string file, int line, string what) =>
        new(line > 0 ? $"{file}:{line}: {what}" : $"{file}: {what}");
}
