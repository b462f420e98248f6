using Escale.Testing.Scenarios;

namespace Escale.Relay.Rclone.Tests;

/// <summary>The multi-node protocol scenarios through rclone rcd (one relay folder per test, one daemon for all nodes).</summary>
public abstract class RcloneScenarios(RcloneRemotes remotes, string kind) : ProtocolScenarios
{
    protected override async Task<IRelayStore> OpenStoreAsync(string relayFolder, string client) =>
        await TestConfigs.ConnectAsync(TestConfigs.For(remotes, kind, "scenarios/" + relayFolder));
}

[Collection("rclone")]
public sealed class LocalRemoteScenarios(RcloneRemotes remotes) : RcloneScenarios(remotes, "local");

[Collection("rclone")]
public sealed class S3RemoteScenarios(RcloneRemotes remotes) : RcloneScenarios(remotes, "s3")
{
    protected override string? KnownGap(string scenario) => scenario == nameof(Files_and_modifications_cross_with_awkward_names)
        ? "known gap (merge of 2026-12-02): one of four awkward names did not cross through an s3 remote; to fix in the rclone store" : null;
}

[Collection("rclone")]
public sealed class SftpRemoteScenarios(RcloneRemotes remotes) : RcloneScenarios(remotes, "sftp");
