namespace Escale.Testing;

/// <summary>Environment for a CLI process whose configuration, cache and data folders stay inside a test folder.</summary>
public static class IsolatedEnvironment
{
    public static Dictionary<string, string> Xdg(string root) => new()
    {
        ["XDG_CONFIG_HOME"] = Path.Combine(root, "xdg-config"),
        ["XDG_CACHE_HOME"] = Path.Combine(root, "xdg-cache"),
        ["XDG_DATA_HOME"] = Path.Combine(root, "xdg-data"),
    };
}
