using Escale.Cli.Commands;
using Escale.Sync.Status;

namespace Escale.Service.Tests;

/// <summary>Without a terminal, progress is a plain line per long transfer (the clock is passed in: no waiting).</summary>
public sealed class TransferProgressTests
{
    [Fact]
    public void Only_transfers_running_for_a_while_get_a_plain_line()
    {
        var big = new Transfer("videos/big.mkv", TransferDirection.Push, 3L << 30);
        var small = new Transfer("notes.txt", TransferDirection.Pull, null);
        var live = new[] { ("photos", big), ("docs", small) };

        Assert.Empty(TransferProgress.PlainLines(live, big.Started.AddSeconds(1)));

        var lines = TransferProgress.PlainLines(live, big.Started.AddSeconds(30)).ToList();
        Assert.Equal(["[photos] pushing videos/big.mkv: 0% of 3.0 GiB", "[docs] pulling notes.txt: 0 B"], lines);
    }
}
