using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

public sealed class ApacheHttpFaultTests(ApacheHttp server) : FaultTests(server), IClassFixture<ApacheHttp>;
