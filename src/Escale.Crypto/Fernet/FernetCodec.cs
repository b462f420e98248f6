using System.Security.Cryptography;

namespace Escale.Crypto.Fernet;

/// <summary>
/// <c>encryption = fernet</c> (the original's <c>on</c>): every relay payload is one standard
/// Fernet token, byte-compatible with Python's <c>cryptography.fernet</c> as Escale 0.6 uses it.
/// The checksum stays the plain hash the original writes into placeholders. Token times are
/// written but not checked on read (the original decrypts without a TTL).
/// </summary>
public sealed class FernetCodec : IPayloadCodec
{
    private readonly byte[] _key;
    private readonly string _hashAlgorithm;
    private readonly TimeProvider _time;

    /// <param name="key">The 32 decoded key bytes (signing ‖ encryption).</param>
    public FernetCodec(byte[] key, string hashAlgorithm, TimeProvider? time = null)
    {
        if (key.Length != FernetKey.Size)
        {
            throw new ArgumentException("a Fernet key is 32 bytes", nameof(key));
        }

        _key = key.ToArray();
        _hashAlgorithm = hashAlgorithm;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The key, for <see cref="KeyCheck"/> only.</summary>
    internal ReadOnlySpan<byte> Key => _key;

    public string Name => "fernet";

    public bool CanEncode => true;

    public IncrementalHash CreateChecksum() => Checksums.Create(_hashAlgorithm);

    public long EncodedLength(long plainLength) => FernetToken.TextLength(plainLength);

    /// <summary>Always null: the padding hides the exact length (to within 16 bytes).</summary>
    public long? DecodedLength(long encodedLength) => null;

    /// <summary>Parses a key file's content (the 44-character urlsafe base64 key); null if malformed.</summary>
    public static byte[]? ParseKey(ReadOnlySpan<byte> keyText) => FernetKey.TryParse(keyText, out var key) ? key : null;

    public Stream Encode(Stream plaintext, PayloadInfo info)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(info.PlainLength, nameof(info));
        return new FernetEncodeStream(plaintext, info, _key, _time.GetUtcNow().ToUnixTimeSeconds(), RandomNumberGenerator.GetBytes(16));
    }

    public Task DecodeAsync(Stream payload, Stream destination, PayloadInfo info, CancellationToken cancellationToken) =>
        Fernet.FernetDecoder.DecodeAsync(payload, destination, info, _key, cancellationToken);
}
