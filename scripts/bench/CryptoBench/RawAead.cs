using System.Diagnostics;
using System.Security.Cryptography;

namespace Escale.CryptoBench;

/// <summary>The ceiling: the bare BCL AEAD over the same 64 KiB buffers, no format, no streams.</summary>
internal static class RawAead
{
    private const int Chunk = 64 * 1024;

    public static (double EncryptSeconds, double DecryptSeconds) Run(bool chacha, byte[] pattern, long size)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var gcm = chacha ? null : new AesGcm(key, 16);
        using var cc = chacha ? new ChaCha20Poly1305(key) : null;
        var cipher = new byte[Chunk];
        var plain = new byte[Chunk];
        var tag = new byte[16];
        var nonce = new byte[12];
        var ad = new byte[32];
        var chunks = size / Chunk;

        var clock = Stopwatch.StartNew();
        for (long i = 0; i < chunks; i++)
        {
            BitConverter.TryWriteBytes(nonce.AsSpan(4), i);
            var source = pattern.AsSpan((int)(i * Chunk % pattern.Length), Chunk);
            if (gcm is not null)
            {
                gcm.Encrypt(nonce, source, cipher, tag, ad);
            }
            else
            {
                cc!.Encrypt(nonce, source, cipher, tag, ad);
            }
        }

        var encrypt = clock.Elapsed.TotalSeconds;
        clock.Restart();
        for (long i = 0; i < chunks; i++)
        {
            // the last chunk's ciphertext verifies with the last nonce: decrypt it again and again
            if (gcm is not null)
            {
                gcm.Decrypt(nonce, cipher, tag, plain, ad);
            }
            else
            {
                cc!.Decrypt(nonce, cipher, tag, plain, ad);
            }
        }

        return (encrypt, clock.Elapsed.TotalSeconds);
    }
}
