namespace Escale.Relay.WebDav.Tests.Servers;

public sealed class RcloneHttps() : WebDavServer("rclone", "https");
