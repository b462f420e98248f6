using System.Text;
using Escale.Core.Config;
using Escale.Core.Paths;
using Escale.Crypto;
using Escale.Relay;
using Microsoft.Extensions.Logging;

namespace Escale.Agent.Repository;

/// <summary>Reads, creates and checks the repository marker on a connected relay store.</summary>
public static class RelayMarker
{
    public static readonly RelayPath Path = RelayPath.Parse(RepositoryMarker.FileName);

    /// <summary>The marker this node would write: its encryption family and key check value.</summary>
    public static RepositoryMarker For(RepositoryConfig config, IPayloadCodec codec) =>
        new(RepositoryMarker.CurrentFormat, RepositoryMarker.FamilyOf(config.Encryption), KeyCheck.Compute(codec));

    /// <summary>
    /// Makes sure the relay carries a marker that fits this node: writes ours when there is none (the
    /// first node, the wizard, escalectl init), else compares. A mismatch is a <see cref="ConfigException"/>
    /// with one line; the agent then neither pushes nor pulls. Returns true when it wrote the marker.
    /// </summary>
    public static async Task<bool> EnsureAsync(IRelayStore store, RepositoryConfig config, RepositoryMarker mine, ILogger logger, CancellationToken cancellationToken)
    {
        var created = false;
        var found = await ReadAsync(store, cancellationToken);
        if (found is null)
        {
            try
            {
                await store.WriteAsync(Path, new MemoryStream(Encoding.UTF8.GetBytes(mine.Text())), WriteMode.CreateNew, cancellationToken);
                created = true;
            }
            catch (RelayException e) when (e.Kind == RelayErrorKind.AlreadyExists)
            {
                // another node marked it first: compare with theirs below
            }

            // Without an atomic create-new, two nodes may both have written: the one that is there now counts.
            found = await ReadAsync(store, cancellationToken);
            if (found is null)
            {
                throw new RelayException(RelayErrorKind.Permanent, $"relay {store.Description}: the repository marker {RepositoryMarker.FileName} could not be written and read back");
            }

            if (created && found.Value.Text == mine.Text())
            {
                logger.LogInformation("relay {Relay}: marked as an Escale repository (encryption {Encryption})", store.Description, mine.Encryption);
            }
        }

        var (text, _) = found.Value;
        var marker = RepositoryMarker.Parse(text)
            ?? throw new ConfigException($"[{config.Name}]: relay {store.Description} has a {RepositoryMarker.FileName} that is not a repository marker: refusing to push or pull (remove it if this relay is yours)");
        if (RepositoryMarker.Difference(marker, mine, config, store.Description) is { } why)
        {
            throw new ConfigException(why);
        }

        return created;
    }

    /// <summary>The marker's text, or null when the relay has none. Bounded: a relay cannot make us read a huge file.</summary>
    public static async Task<(string Text, long Size)?> ReadAsync(IRelayStore store, CancellationToken cancellationToken)
    {
        var entry = await store.StatAsync(Path, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        if (entry.Size > RepositoryMarker.MaxBytes)
        {
            throw new ConfigException($"relay {store.Description}: {RepositoryMarker.FileName} is {entry.Size} bytes, not a repository marker: refusing to push or pull");
        }

        try
        {
            await using var stream = await store.OpenReadAsync(Path, 0, cancellationToken);
            var buffer = new byte[RepositoryMarker.MaxBytes + 1];
            var total = 0;
            int n;
            while (total < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
            {
                total += n;
            }

            return (Encoding.UTF8.GetString(buffer, 0, Math.Min(total, RepositoryMarker.MaxBytes)), total);
        }
        catch (RelayException e) when (e.Kind == RelayErrorKind.NotFound)
        {
            return null;
        }
    }
}
