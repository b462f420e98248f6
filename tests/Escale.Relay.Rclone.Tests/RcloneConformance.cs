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
public sealed class SftpRemoteConformance(RcloneRemotes remotes) : RcloneConformance(remotes, "sftp");

[Collection("rclone")]
public sealed class WebDavRemoteConformance(RcloneRemotes remotes) : RcloneConformance(remotes, "webdav");

[Collection("rclone")]
public sealed class S3RemoteConformance(RcloneRemotes remotes) : RcloneConformance(remotes, "s3");
