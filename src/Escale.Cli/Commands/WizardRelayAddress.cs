using System.Globalization;
using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>
/// The wizard's relay address, <c>protocol://host[:port]/path</c> (or <c>file:///path</c>, or a bare
/// path for a local relay, or <c>rclone:REMOTE:path</c>, or <c>google:path</c>), split into the configuration's protocol / host address / port / relay dir.
/// </summary>
public sealed record WizardRelayAddress(string Protocol, string? Host, int? Port, string Dir)
{
    public bool IsLocal => Protocol == "file";

    public static bool TryParse(string text, out WizardRelayAddress address, out string problem)
    {
        address = new("file", null, null, "");
        problem = "";
        text = text.Trim();
        if (text.StartsWith("rclone:", StringComparison.OrdinalIgnoreCase))
        {
            // rclone:NAME:path — a remote of 'rclone config'; its path is the relay folder.
            var remote = text["rclone:".Length..].TrimStart('/');
            if (remote.Length == 0)
            {
                problem = "rclone: needs a remote, like rclone:mybox:escale/relay";
                return false;
            }

            address = new("rclone", null, null, remote);
            return true;
        }

        if ((text.StartsWith("google:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("googledrive:", StringComparison.OrdinalIgnoreCase)) && !text.Contains("://", StringComparison.Ordinal))
        {
            // google:PATH — a folder path under My Drive (created when missing).
            address = new("googledrive", null, null, text[(text.IndexOf(':') + 1)..].Trim('/'));
            return true;
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            if (text.StartsWith('/') || text.StartsWith('~'))
            {
                address = new("file", null, null, text);
                return true;
            }

            problem = $"'{text}' is not an address: use protocol://host[:port]/path, or file:///path for a local folder";
            return false;
        }

        var scheme = text[..schemeEnd];
        string protocol;
        try
        {
            protocol = (string)ConfigOptions.Find("protocol")!.Parse(scheme)!;
        }
        catch (FormatException)
        {
            problem = $"unknown protocol '{scheme}' (use file, ftp, ftps, webdav, webdavs, http, https or sftp; rclone:REMOTE:path; google:path)";
            return false;
        }

        var rest = text[(schemeEnd + 3)..];
        if (protocol == "file")
        {
            if (rest.Length == 0)
            {
                problem = "file:// needs a folder, like file:///srv/relay";
                return false;
            }

            address = new("file", null, null, rest);
            return true;
        }

        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var dir = slash < 0 ? "" : rest[(slash + 1)..].TrimEnd('/');
        if (authority.Contains('@'))
        {
            problem = "put the user name in the next question, not in the address (it would end up in logs)";
            return false;
        }

        int? port = null;
        var colon = authority.LastIndexOf(':');
        if (colon >= 0 && !authority.EndsWith(']'))
        {
            if (!int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                problem = $"bad port '{authority[(colon + 1)..]}' (1 to 65535)";
                return false;
            }

            port = p;
            authority = authority[..colon];
        }

        if (authority.Length == 0)
        {
            problem = $"{scheme}:// needs a host name";
            return false;
        }

        address = new(protocol, authority, port, dir);
        return true;
    }
}
