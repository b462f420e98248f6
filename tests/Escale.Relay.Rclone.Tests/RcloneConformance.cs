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
    }
}

[Collection("rclone")]
public sealed class LocalRemoteConformance(RcloneRemotes remotes) : RcloneConformance(remotes, "local");

[Collection("rclone")]
public sealed class SftpRemoteConformance(RcloneRemotes remotes) : RcloneConformance(remotes, "sftp")
{
    protected override string? KnownGap(string test) => test == nameof(Rename_with_and_without_overwrite)
        ? "known gap (merge of 2026-12-02): rename without overwrite replaced the target through rclone's sftp remote; to fix in the rclone store" : null;
}

[Collection("rclone")]
public sealed class WebDavRemoteConformance(RcloneRemotes remotes) : RcloneConformance(remotes, "webdav")
{
    protected override string? KnownGap(string test) => test == nameof(Rename_with_and_without_overwrite)
        ? "known gap (merge of 2026-12-02): rename without overwrite replaced the target through rclone's webdav remote; to fix in the rclone store" : null;
}

[Collection("rclone")]
public sealed class S3RemoteConformance(RcloneRemotes remotes) : RcloneConformance(remotes, "s3")
{
    protected override string? KnownGap(string test) => test == nameof(Subdirectories_are_created_on_write_and_listed)
        ? "known gap (merge of 2026-12-02): an s3 remote listed no subfolder after a write (S3 has no folders); to fix in the rclone store" : null;
}
