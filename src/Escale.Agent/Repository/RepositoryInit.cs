using Escale.Core.Config;
using Escale.Core.Paths;
using Escale.Crypto;
using Escale.Relay;
using Microsoft.Extensions.Logging;

namespace Escale.Agent.Repository;

/// <summary>
/// Creates a repository on purpose (<c>escalectl init</c>, the wizard): the relay folder when it is
/// missing, then the marker with this node's encryption and key check. On a relay already marked it
/// only checks that this node fits, so running it twice is harmless.
/// </summary>
public static class RepositoryInit
{
    /// <returns>The relay's description and whether the marker was written now (false: it was there and fits).</returns>
    public static async Task<(string Relay, bool Marked)> InitAsync(RepositoryConfig config, ILogger logger, CancellationToken cancellationToken)
    {
        // No key cache: only the repository key is needed here, and no state folder should appear yet.
        var codec = PayloadCodecs.Create(config, keyCacheDir: null, warn: w => logger.LogWarning("{Warning}", w));
        await using var store = await RelayStores.CreateAsync(config, RelayRootMode.Create, logger, cancellationToken);
        await foreach (var _ in store.ListAsync(RelayPath.Root, cancellationToken))
        {
            break; // one listing proves we may read the relay folder
        }

        var marked = await RelayMarker.EnsureAsync(store, config, RelayMarker.For(config, codec), logger, cancellationToken);
        return (store.Description, marked);
    }
}
