using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

public sealed class NginxHttpsConformance(NginxHttps server) : WebDavConformance(server), IClassFixture<NginxHttps>
{
    protected override bool ListsDotFiles => false;

    /// <summary>nginx dav-ext stores dot-files but never lists them: see <see cref="NginxDotFiles"/>.</summary>
    [Fact]
    public Task Dot_files_are_stored_but_not_listed() => NginxDotFiles.StoredButNotListedAsync(Server);
}
