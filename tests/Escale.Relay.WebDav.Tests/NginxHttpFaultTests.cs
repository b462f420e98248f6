using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

public sealed class NginxHttpFaultTests(NginxHttp server) : FaultTests(server), IClassFixture<NginxHttp>;
