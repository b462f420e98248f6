using Escale.Fuse;
using Escale.Testing;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Escale.Fuse.Tests;

/// <summary>Real mounts need /dev/fuse, libfuse3 and tools: skipped outside CI when missing, failed in CI.</summary>
internal static class Prerequisites
{
    public static void Fuse() => Prerequisite.Require(FuseHost.Availability());

    public static void Tool(string name) =>
        Prerequisite.Require(Tools.Which(name) is null ? $"{name} is not installed (scripts/setup/fuse.sh installs it)" : null);
}
