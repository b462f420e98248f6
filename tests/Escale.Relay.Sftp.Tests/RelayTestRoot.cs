namespace Escale.Relay.Sftp.Tests;

internal static class RelayTestRoot
{
    public static string Find()
    {
        var env = Environment.GetEnvironmentVariable("ESCALE_REPO_ROOT");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Escale.Mount.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found (set ESCALE_REPO_ROOT)");
    }
}
