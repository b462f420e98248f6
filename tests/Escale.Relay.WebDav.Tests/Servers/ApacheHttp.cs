namespace Escale.Relay.WebDav.Tests.Servers;

public sealed class ApacheHttp() : WebDavTestServer("apache", "http", smallKb: 1024);
