using Escale.Relay.WebDav.Tests.Servers;
using Escale.Testing;

namespace Escale.Relay.WebDav.Tests;

/// <summary>escalectl migrate from a local relay to a real WebDAV server and back, every file intact.</summary>
public sealed class MigrateTests(ApacheHttp apache) : IClassFixture<ApacheHttp>, IDisposable
{
    private readonly TempDir _dir = new("migrate");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Local_relay_to_webdav_and_back_keeps_every_file()
    {
        var relay = _dir.Sub("relay");
        var files = _dir.Sub("a");
        var conf = Path.Combine(_dir.Path, "a.conf");
        File.WriteAllText(conf, $"""
            [docs]
            local path = {files}
            protocol = file
            relay dir = {relay}
            client = nodeA
            cache dir = {_dir.Path}/cache
            settle time = 0
            # credentials for the WebDAV relay, unused by the local one
            user = {WebDavTestServer.User}
            password = {WebDavTestServer.Password}
            """);
        var contents = new Dictionary<string, byte[]>();
        for (var i = 0; i < 6; i++)
        {
            var name = i % 2 == 0 ? $"f{i}.bin" : $"sub dir/ü {i}.bin";
            var data = new byte[1000 * (i + 1)];
            new Random(i).NextBytes(data);
            contents[name] = data;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(files, name))!);
            File.WriteAllBytes(Path.Combine(files, name), data);
            File.SetLastWriteTimeUtc(Path.Combine(files, name), DateTime.UtcNow.AddMinutes(-1));
        }

        var first = await CliProcess.RunAsync("escale", ["-c", conf, "--once"]);
        Assert.True(first.Code == 0, first.Output);
        var before = Snapshot(relay);

        var remote = "migrated/" + Guid.NewGuid().ToString("N")[..8];
        var (code, output) = await CliProcess.RunAsync("escalectl", ["migrate", "-c", conf, "docs", $"http://127.0.0.1:{apache.Port}/{remote}"]);
        Assert.True(code == 0, output);
        var text = File.ReadAllText(conf);
        Assert.Contains("protocol = webdav", text, StringComparison.Ordinal);
        Assert.Contains("# credentials for the WebDAV relay", text, StringComparison.Ordinal);
        var onServer = Snapshot(Path.Combine(apache.Data, remote));
        Assert.Equal(before.Keys.Order(), onServer.Keys.Order());
        Assert.All(before, kv => Assert.Equal(kv.Value, onServer[kv.Key]));

        // The repository now syncs through WebDAV, then moves back to a fresh local folder.
        var second = await CliProcess.RunAsync("escale", ["-c", conf, "--once"]);
        Assert.True(second.Code == 0, second.Output);
        var back = Path.Combine(_dir.Path, "relay-back");
        (code, output) = await CliProcess.RunAsync("escalectl", ["migrate", "-c", conf, "docs", "file://" + back]);
        Assert.True(code == 0, output);
        Assert.Equal(before.Keys.Order(), Snapshot(back).Keys.Order());
        // A member record says when its node was last seen: the run on WebDAV refreshed it.
        Assert.All(before.Where(kv => !RelayRecords.IsRecord(Path.GetFileName(kv.Key))), kv => Assert.Equal(kv.Value, Snapshot(back)[kv.Key]));
    }

    private static Dictionary<string, byte[]> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);
}
