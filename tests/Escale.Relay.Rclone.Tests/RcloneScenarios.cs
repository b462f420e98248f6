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
public sealed class S3RemoteScenarios(RcloneRemotes remotes) : RcloneScenarios(remotes, "s3");

[Collection("rclone")]
public sealed class SftpRemoteScenarios(RcloneRemotes remotes) : RcloneScenarios(remotes, "sftp");
