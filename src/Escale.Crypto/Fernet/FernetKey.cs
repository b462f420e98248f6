namespace Escale.Crypto.Fernet;

/// <summary>A Fernet key: 44 urlsafe-base64 characters (with padding) of signing key (16) ‖ encryption key (16).</summary>
internal static class FernetKey
{
    public const int TextLength = 44;
    public const int Size = 32;

    public static bool TryParse(ReadOnlySpan<byte> text, out byte[] key)
    {
        key = [];
        if (text.Length != TextLength || text[^1] != (byte)'=' || text[..^1].ContainsAnyExcept(UrlSafeBase64.Alphabet))
        {
            return false;
        }

        var translated = new byte[TextLength];
        UrlSafeBase64.ToStandard(text, translated);
        var decoded = new byte[Size];
        if (System.Buffers.Text.Base64.DecodeFromUtf8(translated, decoded, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size)
        {
            return false;
        }

        key = decoded;
        return true;
    }
}
