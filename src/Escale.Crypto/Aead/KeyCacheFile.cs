namespace Escale.Crypto.Aead;

/// <summary>
/// This node's own key block, kept in the repository's local state dir so the node reuses one
/// scrypt salt (one scrypt per start, not per file). It holds only the wrapped master key: no secret.
/// It lives locally, never on the relay, where an original 0.6 node would take it for a user file.
/// </summary>
internal static class KeyCacheFile
{
    private const string FileName = "aead-key";
    private const string Prefix = "escale-aead-key-v1 ";

    public static byte[]? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            var text = File.ReadAllText(path).Trim();
            if (!text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return null;
            }

            var block = Convert.FromBase64String(text[Prefix.Length..]);
            return block.Length == KeyBlock.Size ? block : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Best effort: without it the node only pays one more scrypt at its next start.</summary>
    public static void Save(string directory, byte[] block)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, FileName);
            var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(Prefix + Convert.ToBase64String(block) + "\n");
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
