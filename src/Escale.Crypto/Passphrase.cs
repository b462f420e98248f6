using Escale.Core.Config;

namespace Escale.Crypto;

/// <summary>
/// The <c>passphrase</c> option, read like the original: the content of the file it names when
/// that file exists (trailing line breaks removed), else the text itself.
/// </summary>
internal static class Passphrase
{
    public static byte[] Read(RepositoryConfig config)
    {
        var raw = config.GetOrNull<string>("passphrase");
        var line = config.LineOf("passphrase");
        if (string.IsNullOrEmpty(raw))
        {
            throw ConfigException.At(config.File, config.LineOf("encryption"),
                $"[{config.Name}]: encryption = {config.Encryption} needs a passphrase (a key file or the passphrase itself)");
        }

        var path = TryExpand(config, raw);
        if (path is not null && File.Exists(path))
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw ConfigException.At(config.File, line, $"cannot read passphrase file {path}: {e.Message}");
            }

            var length = content.Length;
            while (length > 0 && content[length - 1] is (byte)'\n' or (byte)'\r')
            {
                length--;
            }

            if (length == 0)
            {
                throw ConfigException.At(config.File, line, $"passphrase file {path} is empty");
            }

            return content[..length];
        }

        // a typo in a key file path must not silently become the passphrase
        if (LooksLikePath(raw))
        {
            throw ConfigException.At(config.File, line, $"passphrase file {path ?? raw} not found");
        }

        return System.Text.Encoding.UTF8.GetBytes(raw);
    }

    private static bool LooksLikePath(string raw) =>
        raw.StartsWith('/') || raw.StartsWith("~/", StringComparison.Ordinal) || raw.StartsWith("./", StringComparison.Ordinal)
        || raw.StartsWith("../", StringComparison.Ordinal) || raw.StartsWith('\\') || (raw.Length > 2 && raw[1] == ':' && raw[2] is '\\' or '/');

    private static string? TryExpand(RepositoryConfig config, string raw)
    {
        try
        {
            return config.ExpandPath(raw);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }
}
