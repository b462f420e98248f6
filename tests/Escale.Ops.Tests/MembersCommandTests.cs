namespace Escale.Ops.Tests;

/// <summary><c>escalectl members</c> and <c>forget</c> through the real executable, two nodes on a local relay.</summary>
public sealed class MembersCommandTests : IDisposable
{
    private readonly OpsSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Members_lists_both_nodes_and_forget_retires_one_in_one_line()
    {
        OpsSetup.WriteFile(_setup.A, "for-b.txt", "B has not pulled this yet");
        await _setup.SyncAsync(_setup.ConfB); // B registers first
        await _setup.SyncAsync(_setup.ConfA); // A pushes the file for B

        var (code, listed) = await _setup.CtlAsync("members", "-c", _setup.ConfA);
        Assert.True(code == 0, listed);
        Assert.Contains("member: nodeA (this node), id ", listed, StringComparison.Ordinal);
        Assert.Matches(@"member: nodeB, id [0-9a-f]{16}, last seen \d{4}-\d\d-\d\d \d\d:\d\d UTC, lacks 1 version\(s\)", listed);

        var (unknown, unknownOut) = await _setup.CtlAsync("forget", "-c", _setup.ConfA, "nodeZ");
        Assert.True(unknown != 0, unknownOut);
        Assert.Single(unknownOut.Trim().Split('\n'));
        Assert.Contains("no member named or numbered 'nodeZ'", unknownOut, StringComparison.Ordinal);

        var (forgot, forgotOut) = await _setup.CtlAsync("forget", "-c", _setup.ConfA, "nodeB");
        Assert.True(forgot == 0, forgotOut);
        Assert.Contains("nodeB (id ", forgotOut, StringComparison.Ordinal);
        (_, listed) = await _setup.CtlAsync("members", "-c", _setup.ConfA);
        Assert.Contains("member: nodeB, id ", listed, StringComparison.Ordinal);
        Assert.Contains(", retired", listed, StringComparison.Ordinal);
    }
}
