using System.Formats.Tar;
using System.IO.Compression;

namespace Escale.Ops.Tests;

/// <summary>backup/restore, migrate and fix end to end on local relays, with the real executables.</summary>
public sealed class RelayOperationTests : IDisposable
{
    private readonly OpsSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Theory]
    [InlineData("relay.tar.gz")]
    [InlineData("relay.tar")]
    public async Task Backup_then_restore_onto_an_empty_relay_then_a_node_pulls_from_it(string name)
    {
        OpsSetup.WriteFile(_setup.A, "top.txt", "top");
        OpsSetup.WriteFile(_setup.A, "deep/er/file.bin", new string('x', 100_000));
        await _setup.SyncAsync(_setup.ConfA);
        File.WriteAllText(Path.Combine(_setup.Relay, ".stale.lock"), "lock%1.0\nowner: nodeZ\nmode: w"); // special files travel too
        var archive = Path.Combine(_setup.Root, name);

        var (dry, dryOut) = await _setup.CtlAsync("backup", "-r", "repo", archive, "-c", _setup.ConfA, "--dry-run");
        Assert.True(dry == 0, dryOut);
        Assert.Contains("would archive deep/er/.file.bin.placeholder", dryOut, StringComparison.Ordinal);
        Assert.False(File.Exists(archive));

        var (code, output) = await _setup.CtlAsync("backup", "repo", archive, "-c", _setup.ConfA);
        Assert.True(code == 0, output);
        Assert.Contains("archived 7 files", output, StringComparison.Ordinal); // 2 payloads, 2 placeholders, the lock, the repository marker, A's member record
        var names = ListArchive(archive);
        Assert.Contains(".escale-repository.lock", names);
        Assert.Contains(".stale.lock", names);
        Assert.Contains(".top.txt.placeholder", names);
        Assert.Contains("deep/er/file.bin", names);

        var (refused, refusedOut) = await _setup.CtlAsync("restore", "repo", archive, "-c", _setup.ConfA);
        Assert.Equal(2, refused);
        Assert.Contains("is not empty", refusedOut, StringComparison.Ordinal);

        Directory.Delete(_setup.Relay, recursive: true);
        Directory.CreateDirectory(_setup.Relay);
        var (dryRestore, dryRestoreOut) = await _setup.CtlAsync("restore", "repo", archive, "-c", _setup.ConfA, "-n");
        Assert.True(dryRestore == 0, dryRestoreOut);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_setup.Relay));

        var (restored, restoredOut) = await _setup.CtlAsync("restore", "repo", archive, "-c", _setup.ConfA);
        Assert.True(restored == 0, restoredOut);
        Assert.True(File.Exists(Path.Combine(_setup.Relay, ".stale.lock")));
        File.Delete(Path.Combine(_setup.Relay, ".stale.lock"));
        await _setup.SyncAsync(_setup.ConfB);
        Assert.Equal("top", File.ReadAllText(Path.Combine(_setup.B, "top.txt")));
        Assert.Equal(new string('x', 100_000), File.ReadAllText(Path.Combine(_setup.B, "deep/er/file.bin")));
    }

    [Fact]
    public async Task Migrate_to_another_folder_and_back_keeps_every_file_and_updates_the_config()
    {
        OpsSetup.WriteFile(_setup.A, "one.txt", "1");
        OpsSetup.WriteFile(_setup.A, "sub dir/two.txt", "22");
        await _setup.SyncAsync(_setup.ConfA);
        var before = Snapshot(_setup.Relay);
        var other = Path.Combine(_setup.Root, "relay2");

        var (dry, dryOut) = await _setup.CtlAsync("migrate", "repo", "file://" + other, "-c", _setup.ConfA, "--dry-run");
        Assert.True(dry == 0, dryOut);
        Assert.Contains($"would change +relay path = {other}", dryOut, StringComparison.Ordinal);
        Assert.False(Directory.Exists(other) && Directory.EnumerateFileSystemEntries(other).Any());
        Assert.Contains($"relay path = {_setup.Relay}", File.ReadAllText(_setup.ConfA), StringComparison.Ordinal);

        var (code, output) = await _setup.CtlAsync("migrate", "repo", "file://" + other, "-c", _setup.ConfA);
        Assert.True(code == 0, output);
        Assert.Equal(before, Snapshot(other));
        var conf = File.ReadAllText(_setup.ConfA);
        Assert.Contains($"relay path = {other}\n", conf, StringComparison.Ordinal);
        Assert.Contains("# nodeA's configuration: this comment must survive a migrate", conf, StringComparison.Ordinal);
        Assert.Contains("settle time = 0", conf, StringComparison.Ordinal);

        // A now syncs through the new relay.
        OpsSetup.WriteFile(_setup.A, "three.txt", "333");
        await _setup.SyncAsync(_setup.ConfA);
        Assert.True(File.Exists(Path.Combine(other, "three.txt")));

        // And back onto the (emptied) first relay, where B still looks.
        Directory.Delete(_setup.Relay, recursive: true);
        var (back, backOut) = await _setup.CtlAsync("migrate", "repo", "file://" + _setup.Relay, "-c", _setup.ConfA);
        Assert.True(back == 0, backOut);
        Assert.Equal(Snapshot(other), Snapshot(_setup.Relay));
        Assert.Contains($"relay path = {_setup.Relay}\n", File.ReadAllText(_setup.ConfA), StringComparison.Ordinal);
        await _setup.SyncAsync(_setup.ConfB);
        Assert.Equal("1", File.ReadAllText(Path.Combine(_setup.B, "one.txt")));
        Assert.Equal("22", File.ReadAllText(Path.Combine(_setup.B, "sub dir/two.txt")));
        Assert.Equal("333", File.ReadAllText(Path.Combine(_setup.B, "three.txt")));

        var (again, againOut) = await _setup.CtlAsync("migrate", "repo", "file://" + other, "-c", _setup.ConfA);
        Assert.Equal(2, again);
        Assert.Contains("is not empty", againOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fix_rebuilds_the_placeholders_of_a_lost_relay()
    {
        OpsSetup.WriteFile(_setup.A, "a.txt", "alpha");
        OpsSetup.WriteFile(_setup.A, "d/b.txt", "beta");
        await _setup.SyncAsync(_setup.ConfA);
        await _setup.SyncAsync(_setup.ConfB);
        var checksum = ChecksumLine(File.ReadAllText(Path.Combine(_setup.Relay, ".a.txt.placeholder")));
        Directory.Delete(_setup.Relay, recursive: true);

        var (dry, dryOut) = await _setup.CtlAsync("fix", "repo", "-c", _setup.ConfA, "--dry-run");
        Assert.True(dry == 0, dryOut);
        Assert.Contains("would write the placeholder of d/b.txt", dryOut, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_setup.Relay, ".a.txt.placeholder")));

        var (code, output) = await _setup.CtlAsync("fix", "repo", "-c", _setup.ConfA);
        Assert.True(code == 0, output);
        var rebuilt = File.ReadAllText(Path.Combine(_setup.Relay, ".a.txt.placeholder"));
        Assert.StartsWith("placeholder%1.0\npusher: nodeA\ntimestamp: ", rebuilt, StringComparison.Ordinal);
        Assert.Equal(checksum, ChecksumLine(rebuilt));
        Assert.Contains("\n---pullers---", rebuilt, StringComparison.Ordinal); // the peers A knows of (none here)
        Assert.True(File.Exists(Path.Combine(_setup.Relay, "d/.b.txt.placeholder")));
        Assert.False(File.Exists(Path.Combine(_setup.Relay, "a.txt"))); // no payload without --push

        // Both nodes agree with the rebuilt relay; nothing fails. The lost relay forgot who had what, so A
        // offers its versions once more to B (a member the rebuilt placeholders do not list); B holds the same
        // content, so it registers without downloading and the payload leaves.
        await _setup.SyncAsync(_setup.ConfB);
        await _setup.SyncAsync(_setup.ConfA);
        var (again, againOut) = await _setup.RunAsync("escale", "-c", _setup.ConfB, "--once");
        Assert.True(again == 0, againOut);
        Assert.Contains("pulled 0,", againOut, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_setup.Relay, "a.txt")));
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(_setup.B, "a.txt")));

        // --push uploads the payloads again, so a new node can get them.
        Directory.Delete(_setup.Relay, recursive: true);
        var (push, pushOut) = await _setup.CtlAsync("fix", "repo", "-c", _setup.ConfA, "--push");
        Assert.True(push == 0, pushOut);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(_setup.Relay, "a.txt")));
        Assert.Equal("beta", File.ReadAllText(Path.Combine(_setup.Relay, "d/b.txt")));
    }

    [Fact]
    public async Task Probe_reports_the_capabilities_of_the_relay()
    {
        var (code, output) = await _setup.CtlAsync("probe", "-c", _setup.ConfA);
        Assert.True(code == 0, output);
        Assert.Contains($"[repo] relay file://{_setup.Relay}", output, StringComparison.Ordinal);
        Assert.Contains("[repo] AtomicCreateNew: True", output, StringComparison.Ordinal);
        Assert.Contains("[repo] DotFilesAllowed: True", output, StringComparison.Ordinal);
    }

    private static string ChecksumLine(string placeholder) =>
        placeholder.Split('\n').Single(l => l.StartsWith("checksum: ", StringComparison.Ordinal));

    private static List<string> ListArchive(string archive)
    {
        using var file = File.OpenRead(archive);
        using Stream input = archive.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new TarReader(input);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    /// <summary>Every file under a relay folder (dot-files included) with its content.</summary>
    private static SortedDictionary<string, string> Snapshot(string root) => new(
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(File.ReadAllBytes(f))),
        StringComparer.Ordinal);
}
