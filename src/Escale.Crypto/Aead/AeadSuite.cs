namespace Escale.Crypto.Aead;

/// <summary>The AEAD of the metadata and chunks; the byte value is what the header stores.</summary>
public enum AeadSuite : byte
{
    Aes256Gcm = 1,
    ChaCha20Poly1305 = 2,
}
