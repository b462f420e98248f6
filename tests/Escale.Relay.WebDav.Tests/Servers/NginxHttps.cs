namespace Escale.Relay.WebDav.Tests.Servers;

public sealed class NginxHttps() : WebDavTestServer("nginx", "https");
