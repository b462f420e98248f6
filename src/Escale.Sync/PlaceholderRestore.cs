using Escale.Core.Paths;
using Escale.Relay;
using Escale.Sync.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Sync;

public enum RestoreOutcome
{
    Written,

    /// <summary>The placeholder is on the relay (it may be newer than this node's record): never touched.</summary>
    Present,

    /// <summary>Another node holds the file's lock: its transfer will write the placeholder.</summary>
    Busy,
}

/// <summary>
/// <c>escalectl fix</c>'s one relay write, made the way the protocol makes every placeholder write: under the
/// file's write lock, after checking again (under the lock) that the placeholder is still missing.
/// </summary>
public sealed class PlaceholderRestore(IRelayStore store, string client, TimeSpan lockTimeout, TimeProvider time)
{
    private readonly RelayLocks _locks = new(store, client, lockTimeout, time, NullLogger.Instance);

    public async Task<RestoreOutcome> WriteIfMissingAsync(RelayPath path, Placeholder placeholder, CancellationToken cancellationToken)
    {
        var placeholderPath = path.Sibling(RelayNames.PlaceholderName(path.Name));
        if (await store.StatAsync(placeholderPath, cancellationToken) is not null)
        {
            return RestoreOutcome.Present;
        }

        var lockPath = path.Sibling(RelayNames.LockName(path.Name));
        if (!await _locks.TryAcquireAsync(lockPath, 'w', cancellationToken))
        {
            return RestoreOutcome.Busy;
        }

        try
        {
            if (await store.StatAsync(placeholderPath, cancellationToken) is not null)
            {
                return RestoreOutcome.Present;
            }

            await store.WriteAsync(placeholderPath, new MemoryStream(placeholder.ToBytes()), WriteMode.Overwrite, cancellationToken);
            return RestoreOutcome.Written;
        }
        finally
        {
            await _locks.ReleaseAsync(lockPath, CancellationToken.None);
        }
    }
}
