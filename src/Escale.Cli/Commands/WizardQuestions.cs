using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>
/// The questions of <c>escale -i</c>, in the original's order: section, local folder, relay address,
/// client name, credentials, encryption, mode, pullers, refresh, quota. Every question offers a
/// default; answers are checked with the same parsers the configuration uses.
/// </summary>
public static class WizardQuestions
{
    public static WizardSection Ask(WizardConsole io, string configFile, IReadOnlySet<string> taken)
    {
        io.Say($"Configuring a repository in {configFile}. Press Enter to take the [default].");
        var name = io.Ask("Section name (names this repository)", FirstFree(taken), a =>
            a.Length == 0 || a.IndexOfAny(['[', ']', '\n']) >= 0 ? "a name without brackets, please"
            : taken.Contains(a) ? $"[{a}] already exists in {configFile}" : null);
        var section = new WizardSection(name);

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var local = io.Ask("Local folder to synchronize", Path.Combine(home, "Escale", name), a => a.Length == 0 ? "a folder, please" : null);
        section.Set("local path", local);

        WizardRelayAddress relay = null!;
        io.Ask("Relay address (protocol://host[:port]/path with ftp, ftps, webdav, webdavs, sftp; rclone:REMOTE:path; google:path for a folder in Google Drive; or file:///path for a folder)", "file://" + Path.Combine(Escale.Agent.DefaultConfig.DataDir(), "relay", name),
            a => WizardRelayAddress.TryParse(a, out relay, out var problem) ? null : problem);
        section.Set("protocol", relay.Protocol).Set("host address", relay.Host).Set("port", relay.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (relay.Protocol == "rclone")
        {
            section.Set("remote", relay.Dir);
            var rcloneConfig = io.Ask("rclone configuration file (default = rclone's own)", "default",
                a => a == "default" || File.Exists(Expand(a)) ? null : $"{a}: no such file");
            section.Set("rclone config", rcloneConfig == "default" ? null : Path.GetFullPath(Expand(rcloneConfig)));
        }
        else
        {
            section.Set("relay dir", relay.IsLocal ? relay.Dir : relay.Dir.Length > 0 ? relay.Dir : null);
        }

        if (relay.Protocol == "googledrive")
        {
            WizardGoogle.Ask(io, configFile, section);
        }

        section.Set("client", io.Ask("Client name (unique per node on this relay)", RepositoryConfig.DefaultClientName(),
            a => a.Length == 0 || a.Any(char.IsWhiteSpace) || a.Contains('/') ? "one word without spaces or '/'" : null));

        if (relay.Protocol == "sftp")
        {
            WizardSsh.Ask(io, configFile, section);
        }
        else if (!relay.IsLocal && relay.Protocol is not ("rclone" or "googledrive")) // rclone keeps the remote's credentials in its own config; Drive's are asked above
        {
            AskCredentials(io, configFile, section);
        }

        AskEncryption(io, configFile, section, relay.Protocol == "googledrive");

        section.Set("mode", io.Choose("Mode", "shared", "shared", "conservative", "upload", "download"));
        var pullers = io.Ask("Puller count (nodes that must get each file before it leaves the relay; 'all' = every node seen)", "all",
            a => a == "all" || Parses("puller count", a) ? null : "a number from 1 to 1000, or all");
        section.Set("puller count", pullers == "all" ? null : pullers);
        section.Set("refresh", io.Ask("Refresh interval in seconds (or no: one pass and exit)", "30", a => Parses("refresh", a) ? null : "seconds like 30 or 5m, or no"));
        var quota = io.Ask("Relay quota (like 500MB, 2GB; none = unlimited)", "none",
            a => a == "none" || Parses("disk quota", a) ? null : "a size like 500MB or 2GB, or none");
        section.Set("disk quota", quota == "none" ? null : quota);
        return section;
    }

    internal static void AskCredentials(WizardConsole io, string configFile, WizardSection section)
    {
        var user = io.Ask("User name on the relay server (none = anonymous)", "none");
        if (user == "none")
        {
            return;
        }

        section.Set("user", user);
        var password = io.AskSecret("Password");
        if (password.Length == 0)
        {
            io.Say("  no password: the agent will connect without one");
            return;
        }

        var secretFile = WizardFiles.FreeName(configFile, section.Name, ".secret");
        WizardFiles.WriteSecret(secretFile, $"password = {password}\n");
        section.CreatedFiles.Add(secretFile);
        section.Set("secret file", secretFile);
        io.Say($"  password stored in {secretFile} (readable by you only)");
    }

    private static void AskEncryption(WizardConsole io, string configFile, WizardSection section, bool google)
    {
        var encryption = google
            ? io.Choose("Encryption of file contents on the relay (native = Google's own: Google can read the files)", "off", "off", "native", "aead", "fernet")
            : io.Choose("Encryption of file contents on the relay", "off", "off", "aead", "fernet");
        if (encryption is "off" or "native")
        {
            section.Set("encryption", encryption == "native" ? "native" : null);
            return;
        }

        section.Set("encryption", encryption);
        var existing = io.Ask("Key file shared with the other nodes (new = generate one here, then copy it to them)", "new",
            a => a == "new" || File.Exists(Expand(a)) ? null : $"{a}: no such file");
        if (existing != "new")
        {
            section.Set("passphrase", Path.GetFullPath(Expand(existing)));
            return;
        }

        var keyFile = WizardFiles.FreeName(configFile, section.Name, ".key");
        WizardFiles.WriteSecret(keyFile, (encryption == "fernet" ? WizardFiles.NewFernetKey() : WizardFiles.NewAeadPassphrase()) + "\n");
        section.CreatedFiles.Add(keyFile);
        section.Set("passphrase", keyFile);
        io.Say($"  new {encryption} key in {keyFile} (readable by you only): copy it to every node of this repository");
    }

    private static bool Parses(string option, string value)
    {
        try
        {
            ConfigOptions.Find(option)!.Parse(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Expand(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
            : path;

    private static string FirstFree(IReadOnlySet<string> taken)
    {
        var name = "default";
        for (var i = 2; taken.Contains(name); i++)
        {
            name = $"repository{i}";
        }

        return name;
    }
}
