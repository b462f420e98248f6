namespace Escale.Agent;

/// <summary>
/// What runs when no configuration exists: a repository named <c>default</c> whose relay is a local
/// folder, written to the first default location so that the user can edit it.
/// </summary>
public static class DefaultConfig
{
    /// <summary><c>$XDG_DATA_HOME/escale</c>, else <c>~/.local/share/escale</c>: the default relay and mount mirror live there.</summary>
    public static string DataDir()
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return Path.Combine(
            string.IsNullOrEmpty(dataHome) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share") : dataHome,
            "escale");
    }

    public static string Create(string localPath, out string relayDir)
    {
        var file = Core.Config.EscaleConfig.DefaultLocations().First();
        relayDir = Path.Combine(DataDir(), "relay");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        // This default creates the repository on purpose: agents never create a missing relay folder.
        Directory.CreateDirectory(relayDir);
        File.WriteAllText(file, $"""
            # escale.conf — created because no configuration existed.
            # One section per repository. See README.md for every option.
            [default]
            local path = {localPath}
            protocol = file
            relay dir = {relayDir}
            # client = {Environment.MachineName}
            # encryption = aead
            # passphrase = ~/.config/escale/default.key
            # refresh = 30

            """.Replace("\n            ", "\n", StringComparison.Ordinal));
        return file;
    }
}
