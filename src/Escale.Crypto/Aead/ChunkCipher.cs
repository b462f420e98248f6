using System.Security.Cryptography;

namespace Escale.Crypto.Aead;

/// <summary>One suite's AEAD under one key (both BCL types share the same call shape).</summary>
internal sealed class ChunkCipher : IDisposable
{
    private readonly AesGcm? _gcm;
    private readonly ChaCha20Poly1305? _chacha;

    public ChunkCipher(AeadSuite suite, ReadOnlySpan<byte> key)
    {
        if (suite == AeadSuite.Aes256Gcm)
        {
            _gcm = new AesGcm(key, AeadLayout.TagSize);
        }
        else
        {
            _chacha = new ChaCha20Poly1305(key);
        }
    }

    public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        if (_gcm is not null)
        {
            _gcm.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
        else
        {
            _chacha!.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
    }

    /// <summary>False when the tag does not verify (nothing useful is left in <paramref name="plaintext"/>).</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        try
        {
            if (_gcm is not null)
            {
                _gcm.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            }
            else
            {
                _chacha!.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            }

            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _gcm?.Dispose();
        _chacha?.Dispose();
    }
}
