namespace Escale.Sync.Tests;

public sealed class AdaptiveRefreshTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    [Fact]
    public void Idle_waits_grow_from_half_to_the_full_refresh()
    {
        var wait = AdaptiveRefresh.Initial(Refresh);
        Assert.Equal(TimeSpan.FromSeconds(15), wait);
        var seen = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            wait = AdaptiveRefresh.Next(wait, Refresh, PassResult.With(), Settle);
            seen.Add(wait.TotalSeconds);
        }

        Assert.Equal([18, 21, 24, 27, 30, 30, 30, 30], seen);
    }

    [Fact]
    public void A_transfer_resets_the_wait_and_a_settling_file_shortens_it()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), AdaptiveRefresh.Next(Refresh, Refresh, PassResult.With(pulled: 1), Settle));
        Assert.Equal(TimeSpan.FromSeconds(15), AdaptiveRefresh.Next(Refresh, Refresh, PassResult.With(conflicts: 1), Settle));
        Assert.Equal(TimeSpan.FromMilliseconds(2200), AdaptiveRefresh.Next(Refresh, Refresh, PassResult.With(deferred: 1), Settle));
    }
}
