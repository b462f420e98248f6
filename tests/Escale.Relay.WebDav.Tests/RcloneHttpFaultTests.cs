using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

public sealed class RcloneHttpFaultTests(RcloneHttp server) : FaultTests(server), IClassFixture<RcloneHttp>;
