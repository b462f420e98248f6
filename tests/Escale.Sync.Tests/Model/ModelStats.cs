using System.Collections.Concurrent;

namespace Escale.Sync.Tests.Model;

/// <summary>What the runs exercised, summed over a property run: proof that kills, quotas and conflicts happened.</summary>
internal sealed class ModelStats
{
    public const string Conflicts = "conflicts adopted";
    public const string OfflineEdits = "offline edits";
    public const string KillsFired = "kills fired";
    public const string OverQuota = "passes over quota";
    public const string QuotaRuns = "runs with a quota";

    private readonly ConcurrentDictionary<string, int> _counts = new();

    public void Add(string what) => _counts.AddOrUpdate(what, 1, (_, n) => n + 1);

    public override string ToString() => string.Join(", ", _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));
}
