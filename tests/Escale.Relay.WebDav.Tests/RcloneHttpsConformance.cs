using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

public sealed class RcloneHttpsConformance(RcloneHttps server) : WebDavConformance(server, pinCertificate: false), IClassFixture<RcloneHttps>;
