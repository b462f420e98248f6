namespace Escale.Cli.Commands;

/// <summary>
/// The wizard's SFTP questions: user, password or key file (its passphrase kept in a 0600 file), and
/// how to trust the server: a pinned <c>SHA256:</c> fingerprint or the user's known_hosts. Trusting an
/// unknown key silently is not offered: the connection test then refuses it and shows the fingerprint.
/// </summary>
public static class WizardSsh
{
    public static void Ask(WizardConsole io, string configFile, WizardSection section)
    {
        section.Set("user", io.Ask("User name on the SSH server", Environment.UserName, a => a.Length == 0 || a.Contains('@') ? "a user name, please" : null));
        var key = io.Ask("SSH private key file (OpenSSH format; none = password login)", "none",
            a => a == "none" || File.Exists(Expand(a)) ? null : $"{a}: no such file");
        if (key != "none")
        {
            section.Set("ssh key", Path.GetFullPath(Expand(key)));
            var passphrase = io.AskSecret("Passphrase of the key (empty = none)");
            if (passphrase.Length > 0)
            {
                var file = WizardFiles.FreeName(configFile, section.Name, ".sshkey-passphrase");
                WizardFiles.WriteSecret(file, passphrase + "\n");
                section.CreatedFiles.Add(file);
                section.Set("ssh key passphrase file", file);
                io.Say($"  key passphrase stored in {file} (readable by you only)");
            }
        }
        else
        {
            var password = io.AskSecret("Password");
            if (password.Length > 0)
            {
                var secretFile = WizardFiles.FreeName(configFile, section.Name, ".secret");
                WizardFiles.WriteSecret(secretFile, password + "\n");
                section.CreatedFiles.Add(secretFile);
                section.Set("secret file", secretFile);
                io.Say($"  password stored in {secretFile} (readable by you only)");
            }
        }

        var hostKey = io.Ask("Server host key (SHA256:... as 'ssh-keygen -lf' shows it on the server; known = check ~/.ssh/known_hosts)", "known",
            a => a == "known" || Parses(a) ? null : "SHA256: followed by 43 base64 characters, or known");
        section.Set("host key", hostKey == "known" ? null : hostKey);
    }

    private static bool Parses(string value)
    {
        try
        {
            Escale.Core.Config.ConfigOptions.Find("host key")!.Parse(value);
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
}
