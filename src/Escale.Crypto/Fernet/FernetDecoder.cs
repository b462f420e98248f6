using System.Security.Cryptography;
using Escale.Crypto.Streams;

namespace Escale.Crypto.Fernet;

/// <summary>
/// Fernet authenticates the whole token with one trailing HMAC, so nothing may be decrypted before
/// the last byte arrived: pass 1 decodes the text, feeds the HMAC and spools the ciphertext to a
/// self-deleting file (holding back the last 32 bytes, the MAC); only after a constant-time match
/// does pass 2 decrypt the spool into the destination.
/// </summary>
internal static class FernetDecoder
{
    public static async Task DecodeAsync(Stream payload, Stream destination, PayloadInfo info, byte[] key, CancellationToken cancellationToken)
    {
        await using var spool = SpoolFile.Create(destination);
        var (iv, cipherLength) = await SpoolAndVerifyAsync(payload, spool, key, cancellationToken).ConfigureAwait(false);
        spool.Position = 0;
        var written = await DecryptAsync(spool, cipherLength, destination, key, iv, cancellationToken).ConfigureAwait(false);
        if (info.PlainLength >= 0 && written != info.PlainLength)
        {
            throw new PayloadIntegrityException($"the token holds {written} bytes, the placeholder {info.PlainLength}");
        }
    }

    private static async Task<(byte[] Iv, long CipherLength)> SpoolAndVerifyAsync(Stream payload, Stream spool, byte[] key, CancellationToken cancellationToken)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, FernetToken.SigningKey(key));
        var reader = new Base64TokenReader();
        var text = new byte[FernetToken.Step];
        var raw = new byte[FernetToken.Step];

        // work = held-back tail (at most the 32 MAC bytes) followed by newly decoded bytes
        var work = new byte[FernetToken.MacSize + FernetToken.Step];
        var prefix = new byte[FernetToken.PrefixSize];
        var prefixCount = 0;
        var held = 0;
        long cipherLength = 0;
        var ended = false;
        while (!ended)
        {
            var n = await payload.ReadAsync(text, cancellationToken).ConfigureAwait(false);
            ended = n == 0;
            var decoded = ended ? reader.Finish(raw) : reader.Decode(text.AsSpan(0, n), raw);
            var fresh = raw.AsSpan(0, decoded);
            if (prefixCount < FernetToken.PrefixSize && !fresh.IsEmpty)
            {
                var take = Math.Min(fresh.Length, FernetToken.PrefixSize - prefixCount);
                fresh[..take].CopyTo(prefix.AsSpan(prefixCount));
                prefixCount += take;
                fresh = fresh[take..];
                if (prefix[0] != FernetToken.Version)
                {
                    throw new PayloadIntegrityException($"not a Fernet token (version byte 0x{prefix[0]:x2}, expected 0x80)");
                }

                if (prefixCount == FernetToken.PrefixSize)
                {
                    hmac.AppendData(prefix);
                }
            }

            fresh.CopyTo(work.AsSpan(held));
            var total = held + fresh.Length;
            var emit = Math.Max(0, total - FernetToken.MacSize);
            if (emit > 0)
            {
                hmac.AppendData(work.AsSpan(0, emit));
                await spool.WriteAsync(work.AsMemory(0, emit), cancellationToken).ConfigureAwait(false);
                cipherLength += emit;
                work.AsSpan(emit, total - emit).CopyTo(work);
            }

            held = total - emit;
        }

        if (prefixCount < FernetToken.PrefixSize || held < FernetToken.MacSize || cipherLength < FernetToken.BlockSize)
        {
            throw new PayloadIntegrityException("not a Fernet token: too short");
        }

        if (cipherLength % FernetToken.BlockSize != 0)
        {
            throw new PayloadIntegrityException("not a Fernet token: the ciphertext is not a whole number of AES blocks");
        }

        var mac = hmac.GetHashAndReset();
        if (!CryptographicOperations.FixedTimeEquals(mac, work.AsSpan(0, FernetToken.MacSize)))
        {
            throw new PayloadIntegrityException("the Fernet token failed authentication (HMAC mismatch): wrong key, or the payload was altered");
        }

        return (prefix[9..], cipherLength);
    }

    private static async Task<long> DecryptAsync(Stream spool, long cipherLength, Stream destination, byte[] key, byte[] iv, CancellationToken cancellationToken)
    {
        using var aes = Aes.Create();
        aes.Key = FernetToken.EncryptionKey(key);
        var cipher = new byte[FernetToken.Step];
        var plain = new byte[FernetToken.Step];
        var chain = iv;
        long remaining = cipherLength;
        long written = 0;
        try
        {
            while (remaining > 0)
            {
                var step = (int)Math.Min(remaining, FernetToken.Step);
                await spool.ReadExactlyAsync(cipher.AsMemory(0, step), cancellationToken).ConfigureAwait(false);
                aes.DecryptCbc(cipher.AsSpan(0, step), chain, plain.AsSpan(0, step), PaddingMode.None);
                chain = cipher.AsSpan(step - FernetToken.BlockSize, FernetToken.BlockSize).ToArray();
                remaining -= step;
                var keep = step;
                if (remaining == 0)
                {
                    keep -= PaddingLength(plain.AsSpan(0, step));
                }

                await destination.WriteAsync(plain.AsMemory(0, keep), cancellationToken).ConfigureAwait(false);
                written += keep;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }

        return written;
    }

    /// <summary>PKCS7; only reachable with a valid HMAC, so a failure means a broken writer, not an attack.</summary>
    private static int PaddingLength(ReadOnlySpan<byte> plain)
    {
        var pad = plain[^1];
        if (pad is 0 or > FernetToken.BlockSize || plain[^pad..].ContainsAnyExcept(pad))
        {
            throw new PayloadIntegrityException("the Fernet token has invalid padding");
        }

        return pad;
    }
}
