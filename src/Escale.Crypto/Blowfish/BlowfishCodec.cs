using System.Security.Cryptography;

namespace Escale.Crypto.Blowfish;

/// <summary>
/// <c>encryption = blowfish</c>, as the original writes it: 8-byte random IV ‖ Blowfish-OFB of the
/// plaintext, the passphrase bytes as key. There is no integrity check at all — a relay can flip
/// plaintext bits at will — so this node writes it only when explicitly allowed.
/// </summary>
public sealed class BlowfishCodec : IPayloadCodec
{
    private readonly byte[] _key;
    private readonly string _hashAlgorithm;

    /// <param name="key">4 to 56 bytes.</param>
    /// <param name="allowEncode">True only with <c>unauthenticated encryption = yes</c>.</param>
    public BlowfishCodec(byte[] key, string hashAlgorithm, bool allowEncode)
    {
        if (key.Length is < BlowfishOfb.MinKeySize or > BlowfishOfb.MaxKeySize)
        {
            throw new ArgumentException($"a Blowfish key is {BlowfishOfb.MinKeySize} to {BlowfishOfb.MaxKeySize} bytes", nameof(key));
        }

        _key = key.ToArray();
        _hashAlgorithm = hashAlgorithm;
        CanEncode = allowEncode;
    }

    /// <summary>The key, for <see cref="KeyCheck"/> only.</summary>
    internal ReadOnlySpan<byte> Key => _key;

    public string Name => "blowfish";

    public bool CanEncode { get; }

    public IncrementalHash CreateChecksum() => Checksums.Create(_hashAlgorithm);

    public long EncodedLength(long plainLength) => BlowfishOfb.BlockSize + plainLength;

    public long? DecodedLength(long encodedLength) => encodedLength >= BlowfishOfb.BlockSize ? encodedLength - BlowfishOfb.BlockSize : null;

    public Stream Encode(Stream plaintext, PayloadInfo info)
    {
        if (!CanEncode)
        {
            throw new InvalidOperationException("writing with blowfish needs 'unauthenticated encryption = yes'");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(info.PlainLength, nameof(info));
        return new BlowfishEncodeStream(plaintext, info, _key, RandomNumberGenerator.GetBytes(BlowfishOfb.BlockSize));
    }

    /// <summary>Only the length can be checked: any other change passes unnoticed (that is the format).</summary>
    public async Task DecodeAsync(Stream payload, Stream destination, PayloadInfo info, CancellationToken cancellationToken)
    {
        var iv = new byte[BlowfishOfb.BlockSize];
        if (await payload.ReadAtLeastAsync(iv, iv.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < iv.Length)
        {
            throw new PayloadIntegrityException("not a blowfish payload: shorter than its 8-byte IV");
        }

        var ofb = new BlowfishOfb(_key, iv);
        var buffer = new byte[64 * 1024];
        long written = 0;
        try
        {
            while (true)
            {
                // whole buffers keep every call but the last block-aligned, as OFB here requires
                var n = await payload.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                ofb.Transform(buffer, n);
                await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                written += n;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }

        if (info.PlainLength >= 0 && written != info.PlainLength)
        {
            throw new PayloadIntegrityException($"the blowfish payload holds {written} bytes, the placeholder {info.PlainLength}");
        }
    }
}
