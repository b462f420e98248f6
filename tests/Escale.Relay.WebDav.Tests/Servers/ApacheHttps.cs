namespace Escale.Relay.WebDav.Tests.Servers;

public sealed class ApacheHttps() : WebDavServer("apache", "https");
