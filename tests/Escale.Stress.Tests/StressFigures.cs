namespace Escale.Stress.Tests;

/// <summary>What one stress run measured; printed as one line so CI logs and the soak notes can quote it.</summary>
public sealed class StressFigures(string relay)
{
    public string Relay { get; } = relay;

    public int Kills { get; set; }

    public int FilesMoved { get; set; }

    public int FilesLost { get; set; }

    public int Leftovers { get; set; }

    public TimeSpan Recovery { get; set; }

    public long PeakRssKiB { get; set; }

    public override string ToString() =>
        $"stress {Relay}: kills {Kills}, files moved {FilesMoved}, files lost {FilesLost}, leftovers after a clean stop {Leftovers}, " +
        $"time to recover {Recovery.TotalSeconds:0.0} s, peak RSS " + (PeakRssKiB > 0 ? $"{PeakRssKiB / 1024.0:0} MiB" : "not sampled");

    /// <summary>Also appended to $ESCALE_STRESS_REPORT (scripts/stress collects them).</summary>
    public void Report(Action<string> output)
    {
        output(ToString());
        if (Environment.GetEnvironmentVariable("ESCALE_STRESS_REPORT") is { Length: > 0 } file)
        {
            File.AppendAllText(file, ToString() + Environment.NewLine);
        }
    }

    /// <summary>VmHWM (peak resident set) of a live process, in KiB; 0 when it is gone.</summary>
    public static long PeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    /// <summary>How many rounds: the CI default, or longer for scripts/stress --minutes N.</summary>
    public static TimeSpan Budget(TimeSpan ci) =>
        Environment.GetEnvironmentVariable("ESCALE_STRESS_MINUTES") is { Length: > 0 } m && double.TryParse(m, System.Globalization.CultureInfo.InvariantCulture, out var minutes)
            ? TimeSpan.FromMinutes(minutes)
            : ci;
}
