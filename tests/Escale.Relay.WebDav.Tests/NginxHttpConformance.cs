using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

public sealed class NginxHttpConformance(NginxHttp server) : WebDavConformance(server), IClassFixture<NginxHttp>
{
    protected override bool ListsDotFiles => false;

    /// <summary>Replaces the suite's dot-file test, which cannot pass on nginx: see <see cref="NginxDotFiles"/>.</summary>
#pragma warning disable xUnit1024 // deliberately hides the suite's test of the same name
    [Fact]
    public new Task Dot_files_are_stored_when_allowed() => NginxDotFiles.StoredButNotListedAsync(Server);
#pragma warning restore xUnit1024
}
