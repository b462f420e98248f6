namespace Escale.Ops.Tests;

/// <summary>
/// wait-idle against an agent with a long refresh: it must return only after a pass that began
/// after the call, so a file written just before is on the relay when it returns. Without the
/// agent being nudged this would take the refresh period (300 s) and hit the timeout.
/// </summary>
public sealed class WaitIdleTests : IDisposable
{
    private readonly OpsSetup _setup = new("refresh = 300");

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Wait_idle_returns_after_the_pending_file_went_through()
    {
        using var agent = await _setup.StartAgentAsync(_setup.ConfA);
        OpsSetup.WriteFile(_setup.A, "late.txt", "written while the agent waits");
        OpsSetup.WriteFile(_setup.A, "big.bin", new string('b', 3_000_000));

        var (code, output) = await _setup.CtlAsync("wait-idle", "-c", _setup.ConfA, "--timeout", "60");
        Assert.True(code == 0, output + agent.Output);
        Assert.EndsWith("idle", output.Trim(), StringComparison.Ordinal);
        Assert.Equal("written while the agent waits", File.ReadAllText(Path.Combine(_setup.Relay, "late.txt")));
        Assert.Equal(3_000_000, new FileInfo(Path.Combine(_setup.Relay, "big.bin")).Length);
        Assert.False(File.Exists(Path.Combine(_setup.Relay, ".big.bin.lock")));

        var (stop, stopOut) = await _setup.CtlAsync("stop", "-c", _setup.ConfA);
        Assert.True(stop == 0, stopOut);
        await agent.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
