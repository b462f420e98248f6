using System.Runtime.CompilerServices;
using Escale.Core.Paths;
using Microsoft.Extensions.Logging;

namespace Escale.Relay;

/// <summary>
/// The one place where relay operations are retried: transient errors only, exponential backoff
/// with jitter, a bounded number of attempts. Writes are retried only while the source stream can be
/// rewound; reads are retried only before the first byte was handed out (the caller resumes with an
/// offset otherwise).
/// </summary>
public sealed class RetryingRelayStore(IRelayStore inner, ILogger logger, int attempts = 4, TimeSpan? firstDelay = null) : IRelayStore, IRelayStoreDecorator
{
    /// <summary>The longest Retry-After honoured; a server asking for more gets retried sooner.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    private readonly TimeSpan _firstDelay = firstDelay ?? TimeSpan.FromMilliseconds(500);

    public RelayCapabilities Capabilities => inner.Capabilities;

    public string Description => inner.Description;

    public IRelayStore Inner => inner;

    public async IAsyncEnumerable<RelayEntry> ListAsync(RelayPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Listings are small: buffer one so that a retry never yields an entry twice.
        var entries = await RunAsync($"list {directory}", async () =>
        {
            var list = new List<RelayEntry>();
            await foreach (var e in inner.ListAsync(directory, cancellationToken))
            {
                list.Add(e);
            }

            return list;
        }, cancellationToken);
        foreach (var e in entries)
        {
            yield return e;
        }
    }

    public Task<RelayEntry?> StatAsync(RelayPath path, CancellationToken cancellationToken) =>
        RunAsync($"stat {path}", () => inner.StatAsync(path, cancellationToken), cancellationToken);

    public Task<Stream> OpenReadAsync(RelayPath path, long offset, CancellationToken cancellationToken) =>
        RunAsync($"read {path}", () => inner.OpenReadAsync(path, offset, cancellationToken), cancellationToken);

    public Task WriteAsync(RelayPath path, Stream content, WriteMode mode, CancellationToken cancellationToken)
    {
        var start = content.CanSeek ? content.Position : -1;
        return RunAsync($"write {path}", async () =>
        {
            if (start >= 0)
            {
                content.Position = start;
            }

            await inner.WriteAsync(path, content, mode, cancellationToken);
            return true;
        }, cancellationToken, retryable: content.CanSeek);
    }

    public Task AppendAsync(RelayPath path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        // Not retried: a lost reply after a successful append would append twice.
        inner.AppendAsync(path, data, cancellationToken);

    public Task RenameAsync(RelayPath from, RelayPath to, bool overwrite, CancellationToken cancellationToken) =>
        RunAsync($"rename {from}", async () =>
        {
            await inner.RenameAsync(from, to, overwrite, cancellationToken);
            return true;
        }, cancellationToken);

    public Task DeleteAsync(RelayPath path, CancellationToken cancellationToken) =>
        RunAsync($"delete {path}", async () =>
        {
            await inner.DeleteAsync(path, cancellationToken);
            return true;
        }, cancellationToken);

    public Task CreateDirectoryAsync(RelayPath path, CancellationToken cancellationToken) =>
        RunAsync($"mkdir {path}", async () =>
        {
            await inner.CreateDirectoryAsync(path, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<RelaySpace?> GetSpaceAsync(CancellationToken cancellationToken) =>
        RunAsync("space", () => inner.GetSpaceAsync(cancellationToken), cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async Task<T> RunAsync<T>(string what, Func<Task<T>> operation, CancellationToken cancellationToken, bool retryable = true)
    {
        var delay = _firstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (RelayException e) when (e.IsTransient && retryable && attempt < attempts)
            {
                // A server's Retry-After wins over our backoff when longer, within a bound.
                var wait = delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)(delay.TotalMilliseconds / 4) + 1));
                if (e.RetryAfter is { } asked && asked > wait)
                {
                    wait = asked < MaxRetryAfter ? asked : MaxRetryAfter;
                }

                logger.LogDebug("relay {What} failed ({Message}); retry {Attempt} of {Max} in {Delay} ms", what, e.Message, attempt, attempts - 1, (int)wait.TotalMilliseconds);
                await Task.Delay(wait, cancellationToken);
                delay *= 2;
            }
        }
    }
}
