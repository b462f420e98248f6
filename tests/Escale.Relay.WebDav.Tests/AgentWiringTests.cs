using Escale.Agent;
using Escale.Relay.WebDav.Tests.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Relay.WebDav.Tests;

/// <summary>nginx dav-ext never lists dot-files, so the agent must refuse it as a relay with one clear line.</summary>
public sealed class AgentWiringTests(NginxHttp nginx) : IClassFixture<NginxHttp>
{
    [Fact]
    public async Task The_agent_refuses_a_server_that_hides_dot_files()
    {
        var config = TestConfigs.For(nginx, TestConfigs.UniqueDir());
        var e = await Assert.ThrowsAsync<RelayException>(() => RelayStores.CreateAsync(config, RelayRootMode.Create, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(RelayErrorKind.Permanent, e.Kind);
        Assert.Contains("does not list files whose name starts with '.'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
