using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>Two nodes (config files, local folders, cache dirs) on one local relay folder.</summary>
public sealed class TwoNodeSetup : IDisposable
{
    private readonly TempDir _dir = new("cli");

    public TwoNodeSetup(string extra = "")
    {
        Relay = _dir.Sub("relay");
        A = _dir.Sub("a");
        B = _dir.Sub("b");
        ConfA = Write("a.conf", "nodeA", A, "cache-a", extra);
        ConfB = Write("b.conf", "nodeB", B, "cache-b", extra);
    }

    public string Root => _dir.Path;

    public string Relay { get; }

    public string A { get; }

    public string B { get; }

    public string ConfA { get; }

    public string ConfB { get; }

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string client, string local, string cache, string extra)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, $"""
            [repo]
            local path = {local}
            protocol = file
            relay path = {Relay}
            client = {client}
            cache dir = {Path.Combine(_dir.Path, cache)}
            settle time = 0
            {extra}
            """);
        return path;
    }
}
