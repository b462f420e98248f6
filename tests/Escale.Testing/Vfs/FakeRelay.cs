using System.Collections.Concurrent;
using Escale.Vfs;

namespace Escale.Testing.Vfs;

/// <summary>
/// Offers and write-back for tests: offers are kept in memory with their content; a fetch writes
/// the content into the mirror (after an optional delay or failure) and withdraws the offer, as
/// the real puller does. Write-back calls are recorded.
/// </summary>
public sealed class FakeRelay(string mirror) : IRelayOffers, IWriteBack
{
    private readonly ConcurrentDictionary<string, (OfferedFile Offer, byte[] Content)> _offers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _fetches = new(StringComparer.Ordinal);

    public event Action<string>? Changed;

    public ConcurrentQueue<string> Events { get; } = new();

    public TimeSpan FetchDelay { get; set; }

    public Func<string, Exception?> FailFetch { get; set; } = _ => null;

    public int FetchCount(string path) => _fetches.GetValueOrDefault(path);

    public void Offer(string path, byte[] content, bool revealSize = true) =>
        _offers[path] = (new OfferedFile(path, revealSize ? content.Length : null, DateTimeOffset.UtcNow.AddMinutes(-5)), content);

    public IReadOnlyList<OfferedFile> ListOffers(string relativeDirectory)
    {
        var prefix = relativeDirectory.Length == 0 ? "" : relativeDirectory + "/";
        var result = new Dictionary<string, OfferedFile>(StringComparer.Ordinal);
        foreach (var (path, (offer, _)) in _offers)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = path[prefix.Length..];
            var slash = rest.IndexOf('/');
            result[rest] = slash < 0 ? offer : new OfferedFile(prefix + rest[..slash], null, offer.Modified, IsDirectory: true);
        }

        return [.. result.Values.DistinctBy(o => o.RelativePath)];
    }

    public OfferedFile? FindOffer(string relativePath)
    {
        if (_offers.TryGetValue(relativePath, out var o))
        {
            return o.Offer;
        }

        var prefix = relativePath + "/";
        var inside = _offers.Keys.FirstOrDefault(k => k.StartsWith(prefix, StringComparison.Ordinal));
        return inside is null ? null : new OfferedFile(relativePath, null, DateTimeOffset.UtcNow, IsDirectory: true);
    }

    public async Task FetchAsync(string relativePath, CancellationToken ct)
    {
        _fetches.AddOrUpdate(relativePath, 1, (_, n) => n + 1);
        await Task.Delay(FetchDelay, ct);
        if (FailFetch(relativePath) is { } failure)
        {
            throw failure;
        }

        if (!_offers.TryGetValue(relativePath, out var o))
        {
            return;
        }

        var full = Path.Combine(mirror, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full + ".part", o.Content);
        File.Move(full + ".part", full, overwrite: true);
        _offers.TryRemove(relativePath, out _);
        Changed?.Invoke(relativePath);
    }

    /// <summary>What the sync side does after installing a file behind the mount.</summary>
    public void RaiseChanged(string path) => Changed?.Invoke(path);

    public string DescribeState(string relativePath) => _offers.ContainsKey(relativePath) ? "offered" : "local";

    void IWriteBack.Changed(string relativePath) => Events.Enqueue("changed " + relativePath);

    public void Renamed(string from, string to) => Events.Enqueue($"renamed {from} -> {to}");

    public void Deleted(string relativePath) => Events.Enqueue("deleted " + relativePath);
}
