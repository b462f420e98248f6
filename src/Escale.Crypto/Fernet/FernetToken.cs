namespace Escale.Crypto.Fernet;

/// <summary>Fernet token layout (version 0x80): version ‖ 8-byte BE time ‖ IV ‖ AES-128-CBC ‖ HMAC-SHA256.</summary>
internal static class FernetToken
{
    public const byte Version = 0x80;
    public const int PrefixSize = 1 + 8 + 16;
    public const int BlockSize = 16;
    public const int MacSize = 32;

    /// <summary>Plaintext bytes per step: a multiple of 16 (CBC) and of 3 (whole base64 groups).</summary>
    public const int Step = 48 * 1024;

    public static long RawLength(long plainLength) => PrefixSize + ((plainLength / BlockSize) + 1) * BlockSize + MacSize;

    public static long TextLength(long plainLength) => UrlSafeBase64.EncodedLength(RawLength(plainLength));

    public static byte[] SigningKey(byte[] key) => key[..16];

    public static byte[] EncryptionKey(byte[] key) => key[16..];
}
