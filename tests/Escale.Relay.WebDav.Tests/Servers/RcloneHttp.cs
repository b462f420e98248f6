namespace Escale.Relay.WebDav.Tests.Servers;

public sealed class RcloneHttp() : WebDavTestServer("rclone", "http");
