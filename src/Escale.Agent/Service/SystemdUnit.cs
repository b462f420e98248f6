using System.Text;

namespace Escale.Agent.Service;

/// <summary>
/// A systemd user unit that runs <c>escale</c> (plain-folder sync) or <c>escale-mount</c> from a
/// checkout's <c>bin/</c> wrappers. Restart=on-failure covers aborts; a clean stop (exit 0, or 130
/// after SIGTERM, listed in SuccessExitStatus) is not restarted.
/// </summary>
public sealed record SystemdUnit(string Name, string Description, string ExecStart, string? ExecStop, string WorkingDirectory)
{
    /// <summary><c>Environment=</c> lines (NAME=value): a user manager's PATH may not reach the dotnet the checkout uses.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>~/.config/systemd/user (or $XDG_CONFIG_HOME/systemd/user).</summary>
    public static string UserUnitDirectory()
    {
        var xdg = System.Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var root = string.IsNullOrEmpty(xdg) ? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".config") : xdg;
        return Path.Combine(root, "systemd", "user");
    }

    public static SystemdUnit ForSync(string binDir, string configFile) => new(
        "escale.service",
        $"Escale relay sync ({configFile})",
        $"{Quote(Path.Combine(binDir, "escale"))} -c {Quote(configFile)}",
        null,
        Path.GetDirectoryName(binDir)!);

    /// <summary>One unit per mount point: the name carries the escaped path, as systemd-escape --path would.</summary>
    public static SystemdUnit ForMount(string binDir, string configFile, string mountPoint) => new(
        $"escale-mount-{EscapePath(mountPoint)}.service",
        $"Escale mount of {mountPoint} ({configFile})",
        $"{Quote(Path.Combine(binDir, "escale-mount"))} -c {Quote(configFile)} {Quote(mountPoint)}",
        $"{Quote(Path.Combine(binDir, "escale-mount"))} -u {Quote(mountPoint)}",
        Path.GetDirectoryName(binDir)!);

    public string Render()
    {
        var text = new StringBuilder()
            .Append("# Written by escalectl install-service; rerun it to update.\n")
            .Append("[Unit]\n")
            .Append($"Description={Description}\n")
            .Append("After=network-online.target\n")
            .Append("Wants=network-online.target\n\n")
            .Append("[Service]\n")
            .Append("Type=simple\n")
            .Append($"WorkingDirectory={WorkingDirectory}\n")
            .Append($"ExecStart={ExecStart}\n");
        foreach (var variable in Environment)
        {
            text.Append($"Environment={Quote(variable)}\n");
        }

        if (ExecStop is not null)
        {
            text.Append($"ExecStop={ExecStop}\n");
        }

        return text
            .Append("Restart=on-failure\n")
            .Append("RestartSec=10\n")
            .Append("SuccessExitStatus=130\n")
            .Append("TimeoutStopSec=90\n\n")
            .Append("[Install]\n")
            .Append("WantedBy=default.target\n")
            .ToString();
    }

    /// <summary>systemd's own quoting: double quotes when a word has spaces, with \ and " escaped; % doubled (specifiers).</summary>
    public static string Quote(string word)
    {
        var escaped = word.Replace("%", "%%", StringComparison.Ordinal);
        return escaped.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or ';')
            ? "\"" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : escaped;
    }

    /// <summary>systemd-escape --path: strip slashes at the ends, '/' → '-', other unsafe bytes → \xNN.</summary>
    public static string EscapePath(string path)
    {
        var trimmed = path.Trim('/');
        if (trimmed.Length == 0)
        {
            return "-";
        }

        var text = new StringBuilder();
        var bytes = Encoding.UTF8.GetBytes(trimmed);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == '/')
            {
                text.Append('-');
            }
            else if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)':' or (byte)'_' || (b == '.' && i > 0))
            {
                text.Append((char)b);
            }
            else
            {
                text.Append($"\\x{b:x2}");
            }
        }

        return text.ToString();
    }
}
