using Escale.Core.Paths;
using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

/// <summary>Logins (Basic, Digest), missing relay folders and a full relay against Apache mod_dav.</summary>
public sealed class ApacheAccessTests(ApacheHttp server) : IClassFixture<ApacheHttp>
{
    [Fact]
    public async Task Wrong_password_is_one_clear_authentication_line()
    {
        var e = await Assert.ThrowsAsync<RelayException>(() => TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir(), password: "wrong-password")));
        Assert.Equal(RelayErrorKind.Authentication, e.Kind);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("refused the login for user 'escale'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_credentials_say_what_to_set()
    {
        var config = TestConfigs.For(server, TestConfigs.UniqueDir());
        var settings = WebDavSettings.FromConfig(config) with { User = null, Password = null };
        var e = await Assert.ThrowsAsync<RelayException>(() => WebDavRelayStore.ConnectAsync(settings, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None));
        Assert.Equal(RelayErrorKind.Authentication, e.Kind);
        Assert.Contains("set 'user' and 'password'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_authentication_works_and_refuses_a_wrong_password()
    {
        var url = $"host address = http://127.0.0.1:{server.Port}/digest";
        await using (var store = await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir(), extra: url)))
        {
            Assert.Contains(store.ProbeReport, l => l.Contains("authentication: Digest MD5", StringComparison.Ordinal));
            var path = RelayPath.Parse("sub dir/ü #?.txt");
            for (var i = 0; i < 20; i++)
            {
                await store.WriteAsync(path, new MemoryStream("digest"u8.ToArray()), WriteMode.Overwrite, CancellationToken.None);
            }

            Assert.Equal(6, (await store.StatAsync(path, CancellationToken.None))?.Size);
            Assert.Equal(TimeSpan.FromMilliseconds(250), store.Capabilities.CreateNewSettleTime); // MOVE Overwrite: F works through Digest too
        }

        var e = await Assert.ThrowsAsync<RelayException>(() => TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir(), extra: url, password: "nope")));
        Assert.Equal(RelayErrorKind.Authentication, e.Kind);
    }

    [Fact]
    public async Task A_full_relay_is_quota_exceeded_and_leaves_nothing_behind()
    {
        // ./start mounted a 1 MiB tmpfs at /small: Apache turns ENOSPC into 507 Insufficient Storage.
        var config = TestConfigs.For(server, TestConfigs.UniqueDir(), extra: $"host address = http://127.0.0.1:{server.Port}/small");
        await using var store = await TestConfigs.ConnectAsync(config);
        var e = await Assert.ThrowsAsync<RelayException>(() =>
            store.WriteAsync(RelayPath.Parse("big.bin"), new MemoryStream(new byte[2 << 20]), WriteMode.Overwrite, CancellationToken.None));
        Assert.Equal(RelayErrorKind.QuotaExceeded, e.Kind);
        Assert.Contains("full", e.Message, StringComparison.Ordinal);
        await foreach (var entry in store.ListAsync(RelayPath.Root, CancellationToken.None))
        {
            Assert.Fail($"left behind: {entry.Name}");
        }
    }

    [Fact]
    public async Task Missing_relay_folder_is_created_but_a_missing_url_folder_is_an_error()
    {
        await using (var store = await TestConfigs.ConnectAsync(TestConfigs.For(server, TestConfigs.UniqueDir() + "/deeper/still")))
        {
            Assert.Contains(store.ProbeReport, l => l.Contains("relay folder created", StringComparison.Ordinal));
        }

        var missingRoot = $"host address = http://127.0.0.1:{server.Port}/no-such-home";
        var e = await Assert.ThrowsAsync<RelayException>(() => TestConfigs.ConnectAsync(TestConfigs.For(server, "", extra: missingRoot)));
        Assert.Equal(RelayErrorKind.Permanent, e.Kind);
        Assert.Contains("does not exist on the server", e.Message, StringComparison.Ordinal);

        e = await Assert.ThrowsAsync<RelayException>(() => TestConfigs.ConnectAsync(TestConfigs.For(server, "relay", extra: missingRoot + "/x")));
        Assert.Contains("cannot be created", e.Message, StringComparison.Ordinal);
    }
}
