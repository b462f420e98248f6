using Escale.Fuse;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Escale.Fuse.Tests;

/// <summary>Real mounts need /dev/fuse, libfuse3 and tools; in CI their absence is a failure, never a skip.</summary>
internal static class Prerequisites
{
    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>False (test returns early) only outside CI; in CI a missing prerequisite fails the test.</summary>
    public static bool Fuse(ITestOutputHelper? output = null) => Require(FuseHost.Availability(), output);

    public static bool Tool(string name, ITestOutputHelper? output = null) =>
        Require(Tools.Which(name) is null ? $"{name} is not installed (scripts/setup/fuse.sh installs it)" : null, output);

    private static bool Require(string? reason, ITestOutputHelper? output)
    {
        if (reason is null)
        {
            return true;
        }

        if (InCi)
        {
            Assert.Fail("prerequisite missing: " + reason);
        }

        output?.WriteLine("not run here: " + reason);
        return false;
    }
}
