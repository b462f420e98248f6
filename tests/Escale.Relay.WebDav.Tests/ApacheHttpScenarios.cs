using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

public sealed class ApacheHttpScenarios(ApacheHttp server) : WebDavScenarios(server), IClassFixture<ApacheHttp>;
