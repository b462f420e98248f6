using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

public sealed class RcloneHttpScenarios(RcloneHttp server) : WebDavScenarios(server), IClassFixture<RcloneHttp>;
