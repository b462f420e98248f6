using Escale.Agent;
using Escale.Core.Config;
using Escale.Relay;
using Escale.Relay.WebDav;

namespace Escale.Service.Tests;

/// <summary>Holes 5 and 9 of issue 11: messages that say one thing once, and the one credentials reader.</summary>
public sealed class ClearMessageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("escale-msg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private RepositoryConfig Config(string extra) =>
        EscaleConfig.Parse($"[r]\nlocal path = {_dir}/files\n{extra}\n", Path.Combine(_dir, "escale.conf")).Repositories[0];

    [Fact]
    public void A_local_path_that_is_a_file_is_one_clear_line()
    {
        var file = Path.Combine(_dir, "files");
        File.WriteAllText(file, "not a folder");
        var e = Assert.Throws<ConfigException>(() => LocalFolder.Ensure(Config("relay dir = /tmp/r"), file));
        Assert.Equal($"{_dir}/escale.conf:2: [r]: local path {file} is a file, not a folder", e.Message);
    }

    [Fact]
    public void The_protocol_option_lists_only_what_this_build_has()
    {
        var e = Assert.ThrowsAny<Exception>(() => Config("protocol = gopher"));
        // Every listed protocol is wired in RelayStores: the Drive driver ("google") since issue 14's wiring.
        Assert.Matches(@"\bgoogle\b", e.Message);
        Assert.Contains("webdav", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "alice:s3cr:et", "alice", "s3cr:et")]
    [InlineData("user = alice", "alice:s3cr:et", "alice", "s3cr:et")]
    [InlineData("user = alice", "bob:x\nalice:pw", "alice", "pw")]
    [InlineData("", "just-a-password", null, "just-a-password")]
    public void The_webdav_driver_reads_secret_files_like_every_driver(string userLine, string secret, string? user, string password)
    {
        var file = Path.Combine(_dir, "secret");
        File.WriteAllText(file, secret + "\n");
        var settings = WebDavSettings.FromConfig(Config($"protocol = webdav\nhost address = 127.0.0.1:1\nsecret file = {file}\n{userLine}"));
        Assert.Equal(user, settings.User);
        Assert.Equal(password, settings.Password);
        Assert.Equal(RelayTempNames.TagOf(Config("relay dir = /tmp/r").Client), settings.OwnerTag);
    }
}
