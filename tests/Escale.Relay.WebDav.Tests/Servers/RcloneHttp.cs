namespace Escale.Relay.WebDav.Tests.Servers;

public sealed class RcloneHttp() : WebDavServer("rclone", "http");
