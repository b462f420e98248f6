using System.Text.Json;
using Escale.Agent.Control;
using Escale.Core.Config;
using Escale.Sync.Bandwidth;
using Microsoft.Extensions.Logging;

namespace Escale.Agent;

/// <summary>
/// An agent's bandwidth limits: one pair for the whole process, across all its repositories and
/// transfers. When repositories set different limits, the smallest wins (a shared line is the reason to
/// set one). Changed at run time by <c>escalectl bwlimit</c> through the control socket.
/// </summary>
public static class AgentBandwidth
{
    public static BandwidthLimits From(IReadOnlyList<RepositoryConfig> repos, TimeProvider time)
    {
        var limits = new BandwidthLimits(time);
        limits.Set(Smallest(repos.Select(r => r.UploadLimit)), Smallest(repos.Select(r => r.DownloadLimit)));
        return limits;
    }

    /// <summary>"bwlimit": Value null = report; else a rate (<c>2M</c>, <c>UP:DOWN</c>, <c>off</c>) to apply now.</summary>
    public static ControlResponse Handle(BandwidthLimits limits, ControlRequest request, ILogger logger)
    {
        if (request.Value is { } value)
        {
            (long? Up, long? Down) rate;
            try
            {
                rate = ByteRate.ParsePair(value);
            }
            catch (FormatException)
            {
                return new ControlResponse(false, $"invalid rate '{value}': allowed: {ByteRate.Allowed}");
            }

            limits.Set(rate.Up, rate.Down);
            logger.LogInformation("bandwidth limit now: upload {Up}, download {Down}", ByteRate.Format(rate.Up), ByteRate.Format(rate.Down));
        }

        var now = new BandwidthReport(limits.Upload.Limit, limits.Download.Limit);
        return new ControlResponse(true, null, JsonSerializer.SerializeToElement(now));
    }

    private static long? Smallest(IEnumerable<long?> values) => values.Where(v => v is not null).Min();
}

/// <summary>The limits in force, bytes per second (null = none).</summary>
public sealed record BandwidthReport(long? Upload, long? Download);
