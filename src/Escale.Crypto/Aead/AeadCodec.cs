using System.Security.Cryptography;

namespace Escale.Crypto.Aead;

/// <summary>
/// <c>encryption = aead</c> (AES-256-GCM) or <c>aead-chacha20</c>: our authenticated, chunked
/// format (native-notes/aead-format.md). Reads both suites whatever it writes.
/// </summary>
public sealed class AeadCodec : IPayloadCodec
{
    private readonly AeadSuite _suite;

    /// <param name="passphrase">The passphrase bytes (the caller keeps ownership).</param>
    /// <param name="keyCacheDir">Where this node keeps its own wrapped key (the repository's state dir); null = a new key per process.</param>
    /// <param name="kdf">scrypt parameters this node writes with; null = <see cref="KdfParameters.Production"/>. Tests pass <see cref="KdfParameters.Fastest"/>.</param>
    public AeadCodec(AeadSuite suite, byte[] passphrase, string? keyCacheDir = null, KdfParameters? kdf = null)
        : this(suite, new AeadKeyRing(passphrase.ToArray(), kdf ?? KdfParameters.Production, keyCacheDir))
    {
    }

    internal AeadCodec(AeadSuite suite, AeadKeyRing keyRing)
    {
        _suite = suite;
        KeyRing = keyRing;
    }

    public string Name => _suite == AeadSuite.Aes256Gcm ? "aead" : "aead-chacha20";

    public bool CanEncode => true;

    internal AeadKeyRing KeyRing { get; }

    public IncrementalHash CreateChecksum() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, KeyRing.ChecksumKey);

    public long EncodedLength(long plainLength) => AeadLayout.EncodedLength(plainLength, AeadLayout.WriterChunkLog2);

    /// <summary>Exact for payloads of our writers (64 KiB chunks); the header is authoritative.</summary>
    public long? DecodedLength(long encodedLength) => AeadLayout.DecodedLength(encodedLength, AeadLayout.WriterChunkLog2);

    public Stream Encode(Stream plaintext, PayloadInfo info)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(info.PlainLength, nameof(info));
        return new AeadEncodeStream(plaintext, info, _suite, KeyRing);
    }

    public Task DecodeAsync(Stream payload, Stream destination, PayloadInfo info, CancellationToken cancellationToken) =>
        AeadDecoder.DecodeAsync(payload, destination, info, KeyRing, cancellationToken);
}
