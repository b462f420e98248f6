using Escale.Core.Paths;

namespace Escale.Relay.WebDav.Tests;

public sealed class WebDavPathsTests
{
    private static readonly WebDavPaths Paths = new(WebDavSettings.Parse("https://cloud.example.org:8443/remote.php/dav/files/John%20Doe", null, secure: true, "relay dir/é"));

    [Fact]
    public void Segments_are_percent_encoded_one_by_one()
    {
        var uri = Paths.For(RelayPath.Parse("a b/%#?;&+=ü.txt"));
        Assert.Equal("/remote.php/dav/files/John%20Doe/relay%20dir/%C3%A9/a%20b/%25%23%3F%3B%26%2B%3D%C3%BC.txt", uri.PathAndQuery);
        Assert.Equal(8443, uri.Port);
        Assert.EndsWith("/sub/", Paths.For(RelayPath.Parse("sub"), collection: true).AbsoluteUri, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/remote.php/dav/files/John%20Doe/relay%20dir/%C3%A9/a%20b/x%2By", "a b|x+y")]
    [InlineData("https://cloud.example.org:8443/remote.php/dav/files/John Doe/relay dir/é/f", "f")]
    [InlineData("/remote.php/dav/files/John%20Doe/relay%20dir/%c3%a9/", "")]
    public void Hrefs_inside_the_relay_folder_resolve(string href, string expected)
    {
        var segments = Paths.Resolve(href, out _);
        Assert.NotNull(segments);
        Assert.Equal(expected, string.Join('|', segments!));
    }

    [Theory]
    [InlineData("/remote.php/dav/files/John%20Doe/relay%20dir/%C3%A9/../../x")]
    [InlineData("/remote.php/dav/files/John%20Doe/relay%20dir/%C3%A9/%2e%2e/x")]
    [InlineData("/remote.php/dav/files/John%20Doe/relay%20dir/%C3%A9/a%2Fb")]
    [InlineData("/remote.php/dav/files/John%20Doe/relay%20dir/%C3%A9/%FF")]
    [InlineData("/remote.php/dav/files/Other/relay%20dir/%C3%A9/x")]
    [InlineData("https://evil.example:8443/remote.php/dav/files/John%20Doe/relay%20dir/%C3%A9/x")]
    [InlineData("http://cloud.example.org:8443/remote.php/dav/files/John%20Doe/relay%20dir/%C3%A9/x")]
    [InlineData("x")]
    public void Hostile_hrefs_are_refused(string href) => Assert.Null(Paths.Resolve(href, out _));

    [Theory]
    [InlineData("dav.example.org", 8080, false, "http://dav.example.org:8080/")]
    [InlineData("dav.example.org", null, true, "https://dav.example.org/")]
    [InlineData("https://dav.example.org:8443/x", 9999, false, "https://dav.example.org:8443/")]
    [InlineData("[::1]", 22080, false, "http://[::1]:22080/")]
    public void Address_forms(string host, int? port, bool secure, string origin) =>
        Assert.Equal(origin, WebDavSettings.Parse(host, port, secure, "").Origin.AbsoluteUri);
}
