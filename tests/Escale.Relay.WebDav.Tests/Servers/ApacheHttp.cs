namespace Escale.Relay.WebDav.Tests.Servers;

public sealed class ApacheHttp() : WebDavServer("apache", "http", smallKb: 1024);
