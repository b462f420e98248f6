using Xunit;

namespace Escale.Testing;

/// <summary>
/// A test's outside requirement (a mount, a tool, a server). Missing outside CI, the test is reported as
/// skipped (needs <c>[SkippableFact]</c>/<c>[SkippableTheory]</c>); missing in CI (<c>CI=true</c>), it fails.
/// A test that merely returned early would be counted as passed.
/// </summary>
public static class Prerequisite
{
    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <param name="missing">Why the requirement is not met, or null when it is.</param>
    public static void Require(string? missing)
    {
        if (missing is null)
        {
            return;
        }

        if (InCi)
        {
            Assert.Fail("prerequisite missing in CI: " + missing);
        }

        throw new SkipException("not run here: " + missing);
    }
}
