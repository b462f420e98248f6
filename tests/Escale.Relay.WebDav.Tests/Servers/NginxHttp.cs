namespace Escale.Relay.WebDav.Tests.Servers;

public sealed class NginxHttp() : WebDavServer("nginx", "http");
