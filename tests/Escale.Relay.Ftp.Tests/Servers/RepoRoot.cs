namespace Escale.Relay.Ftp.Tests.Servers;

/// <summary>The repository checkout the tests run from (scripts live there).</summary>
public static class RepoRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var env = Environment.GetEnvironmentVariable("ESCALE_REPO_ROOT");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(d.FullName, "Escale.Mount.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    });

    public static string Path(string relative) => System.IO.Path.Combine(Root.Value, relative);
}
