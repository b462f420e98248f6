namespace Escale.Sync.Tests;

/// <summary>Hole 9 of issue 11: a failure names its file once (it read "old.bin: old.bin: checksum …").</summary>
public sealed class FailureLineTests : IDisposable
{
    private readonly Network _net = new();

    public void Dispose() => _net.Dispose();

    [Fact]
    public async Task A_corrupt_payload_names_its_file_once()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        a.Write("old.bin", "the real content");
        await a.SyncAsync();
        File.WriteAllText(Path.Combine(_net.RelayDir, "old.bin"), "tampered content");

        var r = await b.SyncAsync();

        var line = Assert.Single(r.Failures);
        Assert.StartsWith("old.bin: checksum", line, StringComparison.Ordinal);
        Assert.False(b.Has("old.bin"));
    }
}
