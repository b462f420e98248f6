using Escale.Agent.Operations;

namespace Escale.Ops.Tests;

/// <summary>migrate's configuration edit: only the relay lines of one section change; everything else stays byte for byte.</summary>
public sealed class ConfigRewriterTests
{
    private const string Before = """
        # global defaults
        refresh = 30

        [photos]
        ; the pictures
        local path = ~/Pictures
        Protocol: ftp
        host = old.example.org
        port = 2121
        relay path = /escale/photos
        client = laptop

        [docs]
        local path = ~/Documents
        protocol = ftp
        host = old.example.org
        relay dir = /escale/docs
        """;

    [Fact]
    public void Relay_lines_of_the_section_change_and_nothing_else()
    {
        var address = RelayAddress.Parse("https://dav.example.org/remote/escale%20photos");
        var after = ConfigRewriter.Rewrite(Before, "photos", address.ToOptions(), out var changes);

        var expected = Before
            .Replace("Protocol: ftp", "Protocol = webdavs", StringComparison.Ordinal)
            .Replace("host = old.example.org\nport = 2121\nrelay path = /escale/photos", "host = dav.example.org\n# port = 2121  (escalectl migrate)\nrelay path = /remote/escale photos", StringComparison.Ordinal);
        Assert.Equal(expected, after);
        Assert.Contains("-port = 2121", changes);
        Assert.Contains("+relay path = /remote/escale photos", changes);
    }

    [Fact]
    public void Missing_options_are_added_at_the_end_of_the_section_and_CRLF_is_kept()
    {
        var text = "[a]\r\nlocal path = /x\r\nrelay dir = /r\r\n\r\n[b]\r\nlocal path = /y\r\n";
        var after = ConfigRewriter.Rewrite(text, "a", RelayAddress.Parse("ftps://h.example:990/p").ToOptions(), out _);
        Assert.Equal("[a]\r\nlocal path = /x\r\nrelay dir = /p\r\nprotocol = ftps\r\nhost address = h.example\r\nport = 990\r\n\r\n[b]\r\nlocal path = /y\r\n", after);
    }

    [Theory]
    [InlineData("file:///srv/relay", "file", null, null, "/srv/relay")]
    [InlineData("ftp://host.example/escale", "ftp", "host.example", null, "/escale")]
    [InlineData("ftps://host.example:2121/a/b", "ftps", "host.example", 2121, "/a/b")]
    [InlineData("http://10.0.0.2:8080/dav", "webdav", "10.0.0.2", 8080, "/dav")]
    [InlineData("https://host.example", "webdavs", "host.example", null, "/")]
    public void Relay_urls_split_into_the_original_options(string url, string protocol, string? host, int? port, string dir)
    {
        Assert.Equal(new RelayAddress(protocol, host, port, dir), RelayAddress.Parse(url));
    }

    [Theory]
    [InlineData("/no/scheme")]
    [InlineData("gopher://h/x")]
    [InlineData("file://relative")]
    [InlineData("https://user:pw@host/x")]
    public void Bad_urls_are_refused(string url)
    {
        Assert.Throws<OperationException>(() => RelayAddress.Parse(url));
    }
}
