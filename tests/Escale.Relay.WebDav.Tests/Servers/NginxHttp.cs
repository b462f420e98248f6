namespace Escale.Relay.WebDav.Tests.Servers;

public sealed class NginxHttp() : WebDavTestServer("nginx", "http");
