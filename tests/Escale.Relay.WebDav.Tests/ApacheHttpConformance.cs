using Escale.Relay.WebDav.Tests.Servers;

namespace Escale.Relay.WebDav.Tests;

public sealed class ApacheHttpConformance(ApacheHttp server) : WebDavConformance(server, pinCertificate: true), IClassFixture<ApacheHttp>;
