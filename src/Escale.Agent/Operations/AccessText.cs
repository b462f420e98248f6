using Escale.Sync.State;

namespace Escale.Agent.Operations;

/// <summary>The command-line spelling of access modifiers: <c>r+ r- r? w+ w- w?</c> (<c>?</c> = back to the default).</summary>
public static class AccessText
{
    /// <summary>Applies the tokens to <paramref name="current"/>; throws <see cref="OperationException"/> on an unknown token.</summary>
    public static AccessFlags Apply(AccessFlags current, IEnumerable<string> tokens)
    {
        foreach (var token in tokens)
        {
            if (token.Length != 2 || token[0] is not ('r' or 'w') || token[1] is not ('+' or '-' or '?'))
            {
                throw new OperationException($"unknown access flag '{token}' (use r+, r-, r?, w+, w-, w?: r = may be pushed, w = may be overwritten by a pull)");
            }

            bool? value = token[1] switch
            {
                '+' => true,
                '-' => false,
                _ => null,
            };
            current = token[0] == 'r' ? current with { Read = value } : current with { Write = value };
        }

        return current;
    }

    /// <summary>A file argument (absolute, or relative to the repository's local folder) as the state's relative key.</summary>
    public static string RelativePath(string localRoot, string file)
    {
        var full = Path.GetFullPath(Path.IsPathRooted(file) ? file : Path.Combine(localRoot, file));
        var root = Path.GetFullPath(localRoot).TrimEnd('/');
        if (!full.StartsWith(root + "/", StringComparison.Ordinal))
        {
            throw new OperationException($"{file}: not inside the repository's local folder {root}");
        }

        return full[(root.Length + 1)..];
    }
}
