namespace Escale.Agent.Control;

/// <summary>
/// Where running agents listen: one Unix socket per agent process in the runtime folder
/// (<c>$XDG_RUNTIME_DIR/escale</c>, else <c>/tmp/escale-UID</c>), the folder mode 0700 so only
/// the owner can connect. Clients find agents by asking every socket there, never by PID files.
/// </summary>
public static class ControlPaths
{
    public static string RuntimeDir()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        var dir = !string.IsNullOrEmpty(xdg) && Directory.Exists(xdg)
            ? Path.Combine(xdg, "escale")
            : Path.Combine(Path.GetTempPath(), "escale-" + Environment.UserName);
        Directory.CreateDirectory(dir);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return dir;
    }

    public static string SocketFor(int processId) => Path.Combine(RuntimeDir(), $"agent-{processId}.sock");

    public static IEnumerable<string> AllSockets() =>
        Directory.EnumerateFiles(RuntimeDir(), "agent-*.sock").Order(StringComparer.Ordinal);
}
