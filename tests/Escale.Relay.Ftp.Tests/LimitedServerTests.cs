using Escale.Core.Config;
using Escale.Core.Paths;
using Escale.Relay.Ftp.Client;
using Escale.Relay.Ftp.Tests.Servers;
using Escale.Relay.Ftp.Tests.Support;
using Escale.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Relay.Ftp.Tests;

/// <summary>A Pure-FTPd without TLS and with a 1 MB quota; connected through escale.conf like a user would.</summary>
[Collection("pure-ftpd-limited")]
public sealed class LimitedServerTests(LimitedPureFtpdServer server) : IDisposable
{
    private readonly TempDir _dir = new("ftp-conf");

    [Fact]
    public async Task Ftps_required_but_the_server_refuses_tls_is_one_clear_line()
    {
        var e = await Assert.ThrowsAsync<RelayException>(() => ConnectAsync("ftps", $"password = {FtpTestServer.Password}"));
        Assert.Equal(RelayErrorKind.Permanent, e.Kind);
        Assert.Contains("refused TLS", e.Message);
        Assert.Contains($"127.0.0.1:{server.Port}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task Quota_reached_is_quota_exceeded()
    {
        await using var store = await ConnectAsync("ftp", $"password = {FtpTestServer.Password}");
        var e = await Assert.ThrowsAsync<RelayException>(() =>
            store.WriteAsync(RelayPath.Parse("big.bin"), new PatternStream(3 << 20), WriteMode.Overwrite, CancellationToken.None));
        Assert.Equal(RelayErrorKind.QuotaExceeded, e.Kind);
        var names = new List<string>();
        await foreach (var entry in store.ListAsync(RelayPath.Root, CancellationToken.None))
        {
            names.Add(entry.Name);
        }

        Assert.DoesNotContain(names, n => n.StartsWith('.')); // no temporary upload, no .ftpquota
    }

    [Theory]
    [InlineData("escaleftp:escale-ftp-test\n", false)] // user:password, user from the config
    [InlineData("other:nope\nescaleftp:escale-ftp-test\n", false)]
    [InlineData("escale-ftp-test\n", false)] // password alone
    [InlineData("escaleftp:escale-ftp-test\n", true)] // user and password both from the file
    public async Task Secret_file_in_the_original_format(string content, bool userFromFile)
    {
        var secret = Path.Combine(_dir.Path, "secret");
        await File.WriteAllTextAsync(secret, content);
        await using var store = await ConnectAsync("ftp", $"secret file = {secret}", withUser: !userFromFile);
        Assert.Contains($"ftp://{FtpTestServer.User}@127.0.0.1:{server.Port}", store.Description);
        Assert.DoesNotContain(FtpTestServer.Password, store.Description);
        Assert.Contains(store.ProbeReport, l => l.StartsWith("server: Pure-FTPd", StringComparison.Ordinal));
    }

    [Fact]
    public void No_password_and_no_terminal_is_a_config_error()
    {
        var config = Config("ftp", "");
        var e = Assert.Throws<ConfigException>(() => FtpStoreSettings.FromConfig(config, prompt: _ => null));
        Assert.Contains("no password for escaleftp", e.Message);
        var asked = FtpStoreSettings.FromConfig(config, prompt: q => q.Contains("escaleftp", StringComparison.Ordinal) ? "typed" : null);
        Assert.Equal("typed", asked.Connection.Password);
    }

    public void Dispose() => _dir.Dispose();

    private Task<FtpRelayStore> ConnectAsync(string protocol, string credentials, bool withUser = true) =>
        FtpRelayStore.ConnectAsync(Config(protocol, credentials, withUser), NullLogger.Instance, CancellationToken.None);

    private RepositoryConfig Config(string protocol, string credentials, bool withUser = true)
    {
        var text = $"""
            [relay]
            local path = {_dir.Path}/local
            protocol = {protocol}
            host address = 127.0.0.1
            port = {server.Port}
            relay dir = r-{Guid.NewGuid():N}
            {(withUser ? "user = " + FtpTestServer.User : "")}
            {credentials}
            timeout = 10
            transfers = 2
            """;
        return EscaleConfig.Parse(text, Path.Combine(_dir.Path, "escale.conf")).Repositories[0];
    }
}
