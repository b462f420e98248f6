using System.Diagnostics;
using Escale.Sync.Bandwidth;
using Escale.Testing;
using Xunit.Abstractions;

namespace Escale.Sync.Tests;

/// <summary>The limiter's arithmetic on a manual clock, and one real limited transfer.</summary>
public sealed class BandwidthTests(ITestOutputHelper output) : IDisposable
{
    private readonly Network _net = new();

    public void Dispose() => _net.Dispose();

    [Fact]
    public void Unlimited_never_waits_and_a_burst_of_a_tenth_of_a_second_passes_at_once()
    {
        var clock = new ManualTimeProvider();
        var gate = new RateGate(clock);
        Assert.Equal(TimeSpan.Zero, gate.Reserve(1 << 30, clock.GetTimestamp()));
        gate.Limit = 1000; // bytes per second
        Assert.Equal(TimeSpan.Zero, gate.Reserve(100, clock.GetTimestamp())); // 0.1 s of burst
        Assert.Equal(TimeSpan.FromSeconds(0.9), gate.Reserve(1000, clock.GetTimestamp())); // sent by t+1 s; waits until 0.1 s before
    }

    [Fact]
    public void Reservations_queue_behind_each_other_and_idle_time_is_not_saved_up()
    {
        var clock = new ManualTimeProvider();
        var gate = new RateGate(clock) { Limit = 1000 };
        Assert.Equal(TimeSpan.FromSeconds(0.3), gate.Reserve(500, clock.GetTimestamp()));
        Assert.Equal(TimeSpan.FromSeconds(0.8), gate.Reserve(500, clock.GetTimestamp())); // a second transfer shares the limit
        clock.Advance(TimeSpan.FromMinutes(10)); // idle: only the burst is saved, not ten minutes of credit
        Assert.Equal(TimeSpan.FromSeconds(0.8), gate.Reserve(1000, clock.GetTimestamp()));
    }

    [Fact]
    public void A_new_limit_applies_at_once_and_off_removes_the_wait()
    {
        var clock = new ManualTimeProvider();
        var gate = new RateGate(clock) { Limit = 100 };
        Assert.True(gate.Reserve(10_000, clock.GetTimestamp()) > TimeSpan.FromSeconds(90));
        gate.Limit = 1_000_000;
        Assert.Equal(TimeSpan.FromSeconds(0.8), gate.Reserve(1_000_000, clock.GetTimestamp()));
        gate.Limit = null;
        Assert.Equal(TimeSpan.Zero, gate.Reserve(1 << 30, clock.GetTimestamp()));
    }

    /// <summary>
    /// The figure: at 5 MiB/s a 100 MiB push takes 20 s ± 10%. The lower bound is the limiter's alone;
    /// the upper bound allows, on top, the time the same push takes without a limit in the same run
    /// (hashing, writing and fsyncing 100 MiB overlap with the waits on a quiet machine, less on a loaded one).
    /// </summary>
    [Fact]
    public async Task A_100_MiB_push_at_5_MiB_per_second_takes_20_seconds()
    {
        var a = _net.Add("A");
        var free = await TimedPushAsync(a, "free.bin");
        a.Bandwidth.Set(5L << 20, null);
        var limited = await TimedPushAsync(a, "limited.bin");
        output.WriteLine($"100 MiB push: {limited:0.00} s at 5 MiB/s (ratio to 20 s: {limited / 20:0.000}); {free:0.00} s without a limit");
        Assert.InRange(limited, 18, 22 + free);
    }

    private async Task<double> TimedPushAsync(Node node, string name)
    {
        var path = node.PathOf(name);
        await using (var f = File.Create(path))
        {
            var chunk = new byte[1 << 20];
            Random.Shared.NextBytes(chunk);
            for (var i = 0; i < 100; i++)
            {
                f.Write(chunk);
            }
        }

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
        var watch = Stopwatch.StartNew();
        var result = await node.SyncAsync();
        watch.Stop();
        Assert.Equal(1, result.Pushed);
        Assert.Equal(100L << 20, new FileInfo(_net.RelayPath(name)).Length);
        return watch.Elapsed.TotalSeconds;
    }
}
