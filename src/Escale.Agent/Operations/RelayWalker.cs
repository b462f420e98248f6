using System.Runtime.CompilerServices;
using Escale.Core.Paths;
using Escale.Relay;

namespace Escale.Agent.Operations;

/// <summary>
/// Lists a whole relay, depth first, special files (locks, placeholders, temp uploads) included:
/// backup, migrate and status must see exactly what the store holds, not what the protocol keeps.
/// </summary>
public static class RelayWalker
{
    public static async IAsyncEnumerable<RelayItem> WalkAsync(IRelayStore store, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new Stack<RelayPath>();
        pending.Push(RelayPath.Root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            var children = new List<RelayItem>();
            await foreach (var entry in store.ListAsync(dir, cancellationToken))
            {
                RelayPath path;
                try
                {
                    path = dir.Append(entry.Name);
                }
                catch (ArgumentException e)
                {
                    // A name we could not write back anywhere: say so rather than silently lose it.
                    throw new RelayException(RelayErrorKind.Permanent, $"relay entry '{RelayPath.Printable(dir.IsRoot ? entry.Name : dir.Value + "/" + entry.Name)}' cannot be handled: {e.Message}");
                }

                children.Add(new RelayItem(path, entry));
            }

            children.Sort((a, b) => string.CompareOrdinal(a.Path.Value, b.Path.Value));
            foreach (var child in children)
            {
                yield return child;
            }

            for (var i = children.Count - 1; i >= 0; i--)
            {
                if (children[i].IsDirectory)
                {
                    pending.Push(children[i].Path);
                }
            }
        }
    }

    /// <summary>Whether the relay holds anything at all (an empty root folder, or none, is empty).</summary>
    public static async Task<bool> IsEmptyAsync(IRelayStore store, CancellationToken cancellationToken)
    {
        await foreach (var _ in store.ListAsync(RelayPath.Root, cancellationToken))
        {
            return false;
        }

        return true;
    }
}
