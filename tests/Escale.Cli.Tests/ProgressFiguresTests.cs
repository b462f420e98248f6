using Escale.Cli.Commands;
using Escale.Cli.Terminal;
using Escale.Sync.Status;
using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>Units, rates and ETAs as tables; time comes from a manual clock (no waiting, no timing).</summary>
public sealed class ProgressFiguresTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(590479360, "563.1 MiB")]
    [InlineData(1073741824, "1.0 GiB")]
    [InlineData(3L << 40, "3.0 TiB")]
    public void Sizes_are_in_binary_units(long bytes, string expected) => Assert.Equal(expected, Iec.Bytes(bytes));

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(0.2, "0:01")] // rounded up: "0:00" would claim it is done
    [InlineData(42, "0:42")]
    [InlineData(725, "12:05")]
    [InlineData(10921, "3:02:01")]
    [InlineData(400000, ">99 h")]
    public void Durations(double seconds, string expected) => Assert.Equal(expected, Iec.Duration(TimeSpan.FromSeconds(seconds)));

    /// <summary>bytes done, total, seconds since start → percent, rate, ETA as shown.</summary>
    [Theory]
    [InlineData(0L, 1024L, 30, "0% of 1.0 KiB")] // nothing moved: no rate yet
    [InlineData(512L << 20, 1024L << 20, 0.5, "50% of 1.0 GiB")] // half a second: too early for a rate
    [InlineData(512L << 20, 1024L << 20, 64, "50% of 1.0 GiB, 8.0 MiB/s, ETA 1:04")]
    [InlineData(590479360L, 1073741824L, 100, "54% of 1.0 GiB, 5.6 MiB/s, ETA 1:22")]
    [InlineData(3L << 20, null, 3, "3.0 MiB, 1.0 MiB/s")] // unknown total: no percent, no ETA
    [InlineData(10L, 10L, 2, "100% of 10 B, 5 B/s, ETA 0:00")]
    public void A_transfer_measured_on_its_clock(long done, long? total, double seconds, string expected)
    {
        var clock = new ManualTimeProvider();
        var transfer = new Transfer("a.bin", TransferDirection.Push, total, clock);
        clock.Advance(TimeSpan.FromSeconds(seconds));
        Assert.Equal(expected, Iec.Progress(done, total, TransferRate.Rate(done, clock.GetUtcNow() - transfer.Started)));
    }

    [Fact]
    public void The_transfer_reports_its_mean_rate_on_its_own_clock()
    {
        var clock = new ManualTimeProvider();
        var transfer = new Transfer("a.bin", TransferDirection.Pull, 100, clock);
        Assert.Null(transfer.BytesPerSecond);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Null(transfer.BytesPerSecond); // nothing moved
        Assert.Equal(50, TransferRate.Percent(50, transfer.Total));
        Assert.Equal(TimeSpan.FromSeconds(10), TransferRate.Eta(50, 100, 5));
        Assert.Null(TransferRate.Eta(50, null, 5));
        Assert.Null(TransferRate.Eta(50, 100, null));
        Assert.Null(TransferRate.Percent(5, 0));
    }

    [Fact]
    public void The_live_rate_follows_the_last_seconds_not_the_mean()
    {
        var clock = new ManualTimeProvider();
        var transfer = new Transfer("a.bin", TransferDirection.Push, 1L << 30, clock);
        var meter = new TransferMeter();
        long done = 0;
        for (var i = 0; i < 20; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            done += 4 << 20; // 4 MiB/s for 20 s
            meter.Sample(transfer, done, clock.GetUtcNow());
        }

        double? rate = null;
        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            done += 1 << 20; // then 1 MiB/s (a bandwidth limit set at run time)
            rate = meter.Sample(transfer, done, clock.GetUtcNow());
        }

        Assert.Equal(1 << 20, rate!.Value, precision: 0);
        Assert.Equal("↑ [docs] a.bin  [#                   ] 8% of 1.0 GiB, 1.0 MiB/s, ETA 15:34", TransferProgress.AreaLine("docs", Done(transfer, done), rate));
    }

    [Fact]
    public void Plain_lines_carry_rate_and_eta_once_known()
    {
        var clock = new ManualTimeProvider();
        var big = new Transfer("videos/big.mkv", TransferDirection.Push, 3L << 30, clock);
        Done(big, 300L << 20);
        var lines = TransferProgress.PlainLines([("photos", big)], big.Started.AddSeconds(30)).ToList();
        Assert.Equal(["[photos] pushing videos/big.mkv: 9% of 3.0 GiB, 10.0 MiB/s, ETA 4:38"], lines);
    }

    private static Transfer Done(Transfer t, long bytes)
    {
        // Transfer.Add is the engine's (internal): the test moves it the way a stream would.
        typeof(Transfer).GetMethod("Add", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .Invoke(t, [bytes - t.Done]);
        return t;
    }
}
