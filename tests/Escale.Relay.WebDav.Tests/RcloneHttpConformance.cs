using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

public sealed class RcloneHttpConformance(RcloneHttp server) : WebDavConformance(server, pinCertificate: true), IClassFixture<RcloneHttp>;
