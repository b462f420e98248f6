namespace Escale.Testing;

/// <summary>A fresh folder under the test run's scratch root, removed on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string? prefix = null)
    {
        var root = Environment.GetEnvironmentVariable("ESCALE_TEST_TMP") ?? System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, (prefix ?? "escale-test") + "-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string relative)
    {
        var p = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(p);
        return p;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
