using Escale.Core.Config;

namespace Escale.Core.Tests;

/// <summary>The part options of issue 15: <c>split size</c>, <c>min split size</c> and 0.7's <c>split</c>.</summary>
public sealed class SplitOptionTests
{
    [Theory]
    [InlineData("", null, null)]                                   // off by default
    [InlineData("split size = 64MiB", 64L << 20, null)]
    [InlineData("split size = 100", 100_000_000L, null)]           // MB when no unit, as every size
    [InlineData("split size = 64MiB\nmin split size = 1GiB", 64L << 20, 1L << 30)]
    [InlineData("split = yes", 0L, null)]                           // the default part size (PartPlan states it)
    [InlineData("split = 32MiB", 32L << 20, null)]                 // 0.7: 'split' names the size
    [InlineData("split = no\nsplit size = 64MiB", null, null)]     // 'no' wins
    [InlineData("split = yes\nsplit size = 8MiB", 8L << 20, null)]
    public void Parses(string lines, long? splitSize, long? minSplitSize)
    {
        var config = EscaleConfig.Parse($"[r]\nlocal path = /tmp/x\nrelay dir = /tmp/y\n{lines}\n", "test.conf").Repositories[0];
        Assert.Equal(splitSize, config.SplitSize);
        Assert.Equal(minSplitSize, config.MinSplitSize);
    }

    [Theory]
    [InlineData("split size = big")]
    [InlineData("split = maybe")]
    [InlineData("min split size = -1")]
    public void A_bad_value_is_one_line_naming_the_file_and_line(string line)
    {
        var e = Assert.ThrowsAny<Exception>(() => EscaleConfig.Parse($"[r]\nlocal path = /tmp/x\n{line}\n", "test.conf"));
        Assert.Contains("test.conf:3", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
