namespace Escale.Relay.WebDav.Tests.Servers;

public sealed class RcloneHttps() : WebDavTestServer("rclone", "https");
