using System.Diagnostics;
using System.Security.Cryptography;

namespace Escale.CryptoBench;

/// <summary>
/// The ceiling: the bare BCL AEAD over the same 64 KiB buffers, no format, no streams. Encrypt
/// walks the 1 MiB plaintext pattern; decrypt walks 16 distinct pre-sealed chunks (1 MiB), so
/// neither side decrypts one cache-hot buffer over and over.
/// </summary>
internal static class RawAead
{
    private const int Chunk = 64 * 1024;

    public static (double EncryptSeconds, double DecryptSeconds) Run(bool chacha, byte[] pattern, long size)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var gcm = chacha ? null : new AesGcm(key, 16);
        using var cc = chacha ? new ChaCha20Poly1305(key) : null;
        var ring = pattern.Length / Chunk;
        var cipher = new byte[pattern.Length];
        var tags = new byte[ring * 16];
        var plain = new byte[Chunk];
        var nonce = new byte[12];
        var ad = new byte[32];
        var chunks = size / Chunk;

        var clock = Stopwatch.StartNew();
        for (long i = 0; i < chunks; i++)
        {
            var slot = (int)(i % ring);
            BitConverter.TryWriteBytes(nonce.AsSpan(4), slot);
            var source = pattern.AsSpan(slot * Chunk, Chunk);
            var target = cipher.AsSpan(slot * Chunk, Chunk);
            var tag = tags.AsSpan(slot * 16, 16);
            if (gcm is not null)
            {
                gcm.Encrypt(nonce, source, target, tag, ad);
            }
            else
            {
                cc!.Encrypt(nonce, source, target, tag, ad);
            }
        }

        var encrypt = clock.Elapsed.TotalSeconds;
        clock.Restart();
        for (long i = 0; i < chunks; i++)
        {
            var slot = (int)(i % ring);
            BitConverter.TryWriteBytes(nonce.AsSpan(4), slot);
            var source = cipher.AsSpan(slot * Chunk, Chunk);
            var tag = tags.AsSpan(slot * 16, 16);
            if (gcm is not null)
            {
                gcm.Decrypt(nonce, source, tag, plain, ad);
            }
            else
            {
                cc!.Decrypt(nonce, source, tag, plain, ad);
            }
        }

        return (encrypt, clock.Elapsed.TotalSeconds);
    }
}
