namespace Escale.Agent.Mount;

/// <summary>What the kernel says is mounted (any file system type, so davfs2's too), and who we are.</summary>
internal static class Mounts
{
    public static bool IsMounted(string mountPoint)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Directory.Exists(mountPoint);
        }

        var full = Path.GetFullPath(mountPoint).TrimEnd('/');
        try
        {
            // /proc/self/mountinfo field 5 is the mount point, with spaces etc. octal-escaped
            return File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')).Any(f => f.Length > 4 && Unescape(f[4]) == full);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static int Uid() => OperatingSystem.IsWindows() ? 0 : int.Parse(Status("Uid:"), System.Globalization.CultureInfo.InvariantCulture);

    public static int Gid() => OperatingSystem.IsWindows() ? 0 : int.Parse(Status("Gid:"), System.Globalization.CultureInfo.InvariantCulture);

    private static string Status(string field)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "0";
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "0";
    }

    private static string Unescape(string s) => System.Text.RegularExpressions.Regex.Replace(
        s, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());
}
