namespace Escale.Sync.Tests;

/// <summary>Issue 10, scenario 6: retries of an unreachable relay back off from 1 s to at most 5 minutes.</summary>
public sealed class OfflineBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(1000, 300)]
    [InlineData(0, 1)]
    public void Doubles_from_one_second_and_is_capped(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OfflineBackoff.Delay(failures));
}
