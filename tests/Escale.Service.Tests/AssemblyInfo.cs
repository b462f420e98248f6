// The service features (systemd, setsid, file modes) are Unix-only, and so are these tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
