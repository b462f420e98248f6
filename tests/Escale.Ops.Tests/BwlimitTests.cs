namespace Escale.Ops.Tests;

/// <summary><c>escalectl bwlimit</c> against a running agent whose configuration sets a limit.</summary>
public sealed class BwlimitTests : IDisposable
{
    private readonly OpsSetup _setup = new("puller count = 1\nbandwidth limit = 4M:2M");

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Shows_and_changes_the_running_agents_limits_and_refuses_a_bad_rate_in_one_line()
    {
        var (none, noneOut) = await _setup.CtlAsync("bwlimit", "-c", _setup.ConfA);
        Assert.True(none != 0, noneOut);
        Assert.Contains("no agent is running; set 'bandwidth limit'", noneOut, StringComparison.Ordinal);

        using var agent = await _setup.StartAgentAsync(_setup.ConfA);
        var (code, shown) = await _setup.CtlAsync("bwlimit", "-c", _setup.ConfA);
        Assert.True(code == 0, shown);
        Assert.Contains("upload: 4 MiB/s, download: 2 MiB/s", shown, StringComparison.Ordinal);

        (code, shown) = await _setup.CtlAsync("bwlimit", "-c", _setup.ConfA, "512K");
        Assert.True(code == 0, shown);
        Assert.Contains("upload: 512 KiB/s, download: 512 KiB/s", shown, StringComparison.Ordinal);
        (code, shown) = await _setup.CtlAsync("bwlimit", "-c", _setup.ConfA, "off");
        Assert.True(code == 0, shown);
        Assert.Contains("upload: off, download: off", shown, StringComparison.Ordinal);

        var (bad, badOut) = await _setup.CtlAsync("bwlimit", "-c", _setup.ConfA, "fast");
        Assert.True(bad != 0, badOut);
        Assert.Single(badOut.Trim().Split('\n'));
        Assert.Contains("invalid rate 'fast'", badOut, StringComparison.Ordinal);
        await _setup.CtlAsync("stop", "-c", _setup.ConfA);
        await agent.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
