using System.Security.Cryptography;

namespace Escale.Crypto.Aead;

/// <summary>
/// The 96-byte key block of an aead header: how to get from the passphrase to the master key.
/// kdf id (1: scrypt of the salt; 2: HKDF of the repository key with the salt) ‖ log2 N (1) ‖ r (1) ‖ p (1) ‖ scrypt salt (32) ‖ wrap nonce (12) ‖ AES-256-GCM of the
/// master key (32) ‖ tag (16), the first 36 bytes being the wrap's associated data.
/// </summary>
internal static class KeyBlock
{
    public const int Size = 96;
    /// <summary>KEK = scrypt(passphrase, block salt): earlier builds wrote it; still read.</summary>
    public const byte ScryptId = 1;

    /// <summary>KEK = HKDF(repository key, block salt, key-wrapping label): written now, no scrypt beyond the repository key.</summary>
    public const byte RepositoryKeyId = 2;
    public const int AssociatedSize = 4 + AeadLayout.SaltSize;
    private const int NonceOffset = AssociatedSize;
    private const int WrappedOffset = NonceOffset + AeadLayout.NonceSize;
    private const int TagOffset = WrappedOffset + AeadLayout.KeySize;

    public static byte KdfId(ReadOnlySpan<byte> block) => block[0];

    public static KdfParameters Parameters(ReadOnlySpan<byte> block) => new(block[1], block[2], block[3]);

    public static byte[] Salt(ReadOnlySpan<byte> block) => block.Slice(4, AeadLayout.SaltSize).ToArray();

    public static byte[] Create(byte kdfId, KdfParameters parameters, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> kek, ReadOnlySpan<byte> masterKey)
    {
        var block = new byte[Size];
        block[0] = kdfId;
        block[1] = checked((byte)parameters.Log2N);
        block[2] = checked((byte)parameters.R);
        block[3] = checked((byte)parameters.P);
        salt.CopyTo(block.AsSpan(4, AeadLayout.SaltSize));
        RandomNumberGenerator.Fill(block.AsSpan(NonceOffset, AeadLayout.NonceSize));
        using var gcm = new AesGcm(kek, AeadLayout.TagSize);
        gcm.Encrypt(
            block.AsSpan(NonceOffset, AeadLayout.NonceSize),
            masterKey,
            block.AsSpan(WrappedOffset, AeadLayout.KeySize),
            block.AsSpan(TagOffset, AeadLayout.TagSize),
            block.AsSpan(0, AssociatedSize));
        return block;
    }

    /// <summary>False when <paramref name="kek"/> is not the key this block was wrapped with (or the block was altered).</summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> block, ReadOnlySpan<byte> kek, Span<byte> masterKey)
    {
        using var gcm = new AesGcm(kek, AeadLayout.TagSize);
        try
        {
            gcm.Decrypt(
                block.Slice(NonceOffset, AeadLayout.NonceSize),
                block.Slice(WrappedOffset, AeadLayout.KeySize),
                block.Slice(TagOffset, AeadLayout.TagSize),
                masterKey,
                block[..AssociatedSize]);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }
}
