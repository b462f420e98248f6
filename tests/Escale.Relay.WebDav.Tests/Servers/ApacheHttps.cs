namespace Escale.Relay.WebDav.Tests.Servers;

public sealed class ApacheHttps() : WebDavTestServer("apache", "https");
