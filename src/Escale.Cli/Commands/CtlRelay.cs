using Escale.Agent;
using Escale.Core.Config;
using Escale.Relay;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Cli.Commands;

/// <summary>Opens a repository's relay store for commands that work on the relay directly.</summary>
public static class CtlRelay
{
    /// <param name="rootMode">Create only for commands that make a new relay (a migration or restore target).</param>
    public static Task<IRelayStore> OpenAsync(RepositoryConfig repo, CancellationToken cancellationToken, RelayRootMode rootMode = RelayRootMode.MustExist) =>
        RelayStores.CreateAsync(repo, rootMode, NullLogger.Instance, cancellationToken);

    /// <summary>Opens the store and lists its root within <paramref name="timeout"/>: (store, null) or (null/store, why not).</summary>
    public static async Task<(IRelayStore? Store, string? Error)> TryReachAsync(RepositoryConfig repo, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        IRelayStore? store = null;
        try
        {
            store = await OpenAsync(repo, cts.Token);
            await foreach (var _ in store.ListAsync(default, cts.Token))
            {
                break;
            }

            return (store, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (store, $"no answer within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is RelayException or ConfigException or IOException or UnauthorizedAccessException)
        {
            return (store, e.Message);
        }
    }
}
