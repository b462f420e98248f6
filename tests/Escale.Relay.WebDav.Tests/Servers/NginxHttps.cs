namespace Escale.Relay.WebDav.Tests.Servers;

public sealed class NginxHttps() : WebDavServer("nginx", "https");
