using Escale.Testing;

namespace Escale.Relay.Sftp.Tests;

/// <summary>The store contract against OpenSSH's sshd; each test gets its own relay folder.</summary>
[Collection("sshd")]
public sealed class SftpConformance(SftpServer server) : RelayStoreConformance
{
    protected override async Task<IRelayStore> CreateStoreAsync() =>
        await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir()));

    [SkippableFact]
    public async Task Probe_finds_exclusive_create_posix_rename_and_offsets()
    {
        await using var store = await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir()));
        var report = string.Join("\n", store.ProbeReport);
        var caps = store.Capabilities;
        Assert.True(caps.AtomicCreateNew, report);
        Assert.True(caps.AtomicRenameOverwrite, report);
        Assert.True(store.RenameRefusesExisting, report);
        Assert.True(caps.DotFilesAllowed, report);
        Assert.True(caps.ResumableDownload, report);
        Assert.True(caps.Append, report);
        Assert.True(caps.ListingHasTimes, report);
        Assert.Contains(store.ProbeReport, l => l.StartsWith("server: SSH-2.0-OpenSSH", StringComparison.Ordinal));
        Assert.Contains(store.ProbeReport, l => l.Contains("posix-rename@openssh.com: offered", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Relay_folder_is_inside_the_confined_folder()
    {
        var dir = TestConfigs.UniqueDir();
        await using var store = await TestConfigs.ConnectAsync(TestConfigs.For(server, dir));
        await store.WriteAsync(P("x/y.txt"), Bytes("confined"), WriteMode.Overwrite, CancellationToken.None);
        Assert.Equal("confined", File.ReadAllText(Path.Combine(server.Data, dir, "x/y.txt")));
    }
}

[CollectionDefinition("sshd")]
public sealed class SshdCollection : ICollectionFixture<SftpServer>;
