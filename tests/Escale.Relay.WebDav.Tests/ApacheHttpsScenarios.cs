using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

public sealed class ApacheHttpsScenarios(ApacheHttps server) : WebDavScenarios(server), IClassFixture<ApacheHttps>;
