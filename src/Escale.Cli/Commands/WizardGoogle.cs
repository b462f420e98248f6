using Escale.Core.Config;
using Escale.Relay.GoogleDrive;

namespace Escale.Cli.Commands;

/// <summary>
/// The wizard's Google Drive steps. The question: which OAuth client (the JSON Google Cloud gives for a
/// "Desktop app"; Escale ships none, as a shared client's quota would be everyone's). The authorization:
/// when this computer holds no refresh token for that client yet, the installed-app flow runs
/// (<see cref="DriveAuth.AuthorizeAsync"/>: a browser address, a redirect to 127.0.0.1, PKCE, drive.file
/// scope) and the token is kept in a 0600 file beside the configuration.
/// </summary>
public static class WizardGoogle
{
    public static void Ask(WizardConsole io, string configFile, WizardSection section)
    {
        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configFile))!, GoogleDriveConfig.ClientFileName);
        var client = io.Ask("Google OAuth client file (client_secret_....json of a Desktop app, from console.cloud.google.com)", File.Exists(beside) ? beside : null,
            a => a.Length == 0 ? "the JSON file, please" : File.Exists(Expand(a)) ? null : $"{a}: no such file");
        var path = Path.GetFullPath(Expand(client));
        section.Set("secret file", path == beside ? null : path); // the file beside the configuration is found without a line
    }

    /// <summary>Runs the browser flow unless a token for this section's client is already saved. Returns the token file.</summary>
    public static async Task<string?> AuthorizeAsync(RepositoryConfig repo, WizardConsole io, CancellationToken cancellationToken)
    {
        var settings = GoogleDriveConfig.Read(repo);
        if (GoogleDriveConfig.HasToken(settings))
        {
            io.Say($"  using the authorization saved in {settings.TokenFile}");
            return null;
        }

        var file = await DriveAuth.AuthorizeAsync(settings, io.Output, cancellationToken);
        io.Say($"  authorized; refresh token saved in {file} (readable by you only)");
        return file;
    }

    private static string Expand(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
            : path;
}
