using Escale.Testing;

namespace Escale.Relay.Rclone.Tests;

/// <summary>The store contract through rclone rcd, once per remote type; each test gets its own relay folder.</summary>
public abstract class RcloneConformance(RcloneRemotes remotes, string kind) : RelayStoreConformance
{
    protected RcloneRemotes Remotes => remotes;

    protected override async Task<IRelayStore> CreateStoreAsync() =>
        await TestConfigs.ConnectAsync(TestConfigs.For(remotes, kind, TestConfigs.UniqueDir()));

    [SkippableFact]
    public async Task Probe_reports_the_backend_and_what_the_protocol_needs()
    {
        await using var store = await TestConfigs.ConnectAsync(TestConfigs.For(remotes, kind, TestConfigs.UniqueDir()));
        var report = string.Join("\n", store.ProbeReport);
        var caps = store.Capabilities;
        Assert.False(caps.AtomicCreateNew, report);
        Assert.True(caps.CreateNewSettleTime >= TimeSpan.FromMilliseconds(500), report);
        Assert.True(caps.DotFilesAllowed, report);
        Assert.True(caps.ResumableDownload, report);
        Assert.True(caps.ListingHasTimes, report);
        Assert.False(caps.PartialUploadsVisible);
        Assert.Contains(store.ProbeReport, l => l.StartsWith("rclone v1.", StringComparison.Ordinal));
        Assert.Contains(store.ProbeReport, l => l.StartsWith("backend: ", StringComparison.Ordinal));
        Assert.Contains("rename onto an existing file: replaces it", store.ProbeReport);
    }

    /// <summary>
    /// rclone's movefile skips a target of the same size and time (within 1 s on sftp/webdav, no hash there):
    /// a lock rewritten from 'mode: w' to 'mode: r' in the same second must still be replaced.
    /// </summary>
    [SkippableFact]
    public async Task Overwrite_with_as_many_bytes_in_the_same_second_replaces()
    {
        await using var store = await TestConfigs.ConnectAsync(TestConfigs.For(remotes, kind, TestConfigs.UniqueDir()));
        var lockPath = Escale.Core.Paths.RelayPath.Parse("d/.f.lock");
        foreach (var mode in new[] { "w", "r", "w" })
        {
            await store.WriteAsync(lockPath, new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"lock%1.0\nowner: A\nmode: {mode}")), WriteMode.Overwrite, CancellationToken.None);
            await using var read = await store.OpenReadAsync(lockPath, 0, CancellationToken.None);
            Assert.EndsWith("mode: " + mode, await new StreamReader(read).ReadToEndAsync(), StringComparison.Ordinal);
        }
    }
}

[Collection("rclone")]
public sealed class LocalRemoteConformance(RcloneRemotes remotes) : RcloneConformance(remotes, "local");

[Collection("rclone")]
public sealed class SftpRemoteConformance(RcloneRemotes remotes) : RcloneConformance(remotes, "sftp");

[Collection("rclone")]
public sealed class WebDavRemoteConformance(RcloneRemotes remotes) : RcloneConformance(remotes, "webdav");

[Collection("rclone")]
public sealed class S3RemoteConformance(RcloneRemotes remotes) : RcloneConformance(remotes, "s3")
{
    // Not the store's: s3rver 3.7.1 (lib/stores/filesystem.js listObjects) prunes every folder below a common
    // prefix while walking, so a "folder" that holds only folders (a/ of a/b/c.txt) is never listed; Amazon S3
    // lists it. native-notes/rclone-remotes.md has the evidence.
    protected override string? KnownGap(string test) => test == nameof(Subdirectories_are_created_on_write_and_listed)
        ? "s3rver bug: a folder holding only folders (a/ of a/b/c.txt) is missing from a delimiter listing; see native-notes/rclone-remotes.md" : null;
}
