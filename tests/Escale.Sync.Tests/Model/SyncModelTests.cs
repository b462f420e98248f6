using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace Escale.Sync.Tests.Model;

/// <summary>
/// Issue 10's model-based test: random schedules of user operations, offline spells, late joiners and
/// kills on 3–5 nodes of one local-folder relay, checked against <see cref="ModelRun"/>'s model.
/// A fixed seed keeps CI repeatable; ESCALE_MODEL_SEED=seed,gamma replays another (FsCheck prints both
/// on failure) and ESCALE_MODEL_RUNS changes the number of runs.
/// </summary>
public sealed class SyncModelTests(ITestOutputHelper output)
{
    private const ulong Seed = 20261207;
    private const ulong Gamma = 0x9E3779B97F4A7C15; // odd, as SplitMix's gamma must be
    private const int Runs = 200;

    [Fact]
    public void Random_schedules_leave_every_node_with_the_model_and_the_relay_clean()
    {
        var (seed, gamma) = ReplaySeed();
        var runs = int.TryParse(Environment.GetEnvironmentVariable("ESCALE_MODEL_RUNS"), out var n) ? n : Runs;
        output.WriteLine($"replay seed {seed},{gamma}; {runs} runs");
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(runs)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, gamma), FSharpOption<int>.None)));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            Prop.ForAll(Schedule.Arbitrary, s => Run(s)).Check(config);
        }
        finally
        {
            output.WriteLine($"{ModelNode.Passes} passes, {System.Diagnostics.Stopwatch.GetElapsedTime(0, ModelNode.PassTicks).TotalSeconds:F1} s in passes, {clock.Elapsed.TotalSeconds:F1} s in all");
            output.WriteLine(ModelRun.Stats.ToString());
        }
    }

    /// <summary>Runs one schedule to its end; a broken invariant throws <see cref="ModelViolation"/>.</summary>
    internal static bool Run(Schedule schedule)
    {
        using var run = new ModelRun(schedule.Quota);
        // Off the test's synchronisation context: FsCheck's property is synchronous.
        Task.Run(() => run.RunAsync(schedule)).GetAwaiter().GetResult();
        return true;
    }

    private static (ulong Seed, ulong Gamma) ReplaySeed()
    {
        var text = Environment.GetEnvironmentVariable("ESCALE_MODEL_SEED");
        var parts = text?.Split(',', StringSplitOptions.TrimEntries);
        return parts is [var s, var g] && ulong.TryParse(s, out var seed) && ulong.TryParse(g, out var gamma)
            ? (seed, gamma)
            : (Seed, Gamma);
    }
}
