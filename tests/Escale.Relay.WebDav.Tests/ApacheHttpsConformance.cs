using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

public sealed class ApacheHttpsConformance(ApacheHttps server) : WebDavConformance(server, pinCertificate: true), IClassFixture<ApacheHttps>;
