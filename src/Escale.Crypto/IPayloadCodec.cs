using System.Security.Cryptography;

namespace Escale.Crypto;

/// <summary>
/// Turns plaintext into what is stored on the relay and back. Pure: no relay or local-folder I/O
/// beyond the streams it is given (Fernet spools to a temp file next to the destination). Both
/// directions stream with constant memory. Instances are safe to use from several transfers at once.
/// </summary>
public interface IPayloadCodec
{
    /// <summary>The configured name: off, fernet, blowfish, aead, aead-chacha20.</summary>
    string Name { get; }

    /// <summary>
    /// False when this node may only read this format (blowfish without
    /// <c>unauthenticated encryption = yes</c>); <see cref="Encode"/> then throws.
    /// </summary>
    bool CanEncode { get; }

    /// <summary>
    /// A hasher for the placeholder <c>checksum</c> of a plaintext: the plain hash named by the
    /// <c>checksum</c> option for off/fernet/blowfish (compatible), a keyed HMAC-SHA256 for aead
    /// (the same key on every node sharing the passphrase). Finish with <see cref="Checksums.Hex"/>.
    /// </summary>
    IncrementalHash CreateChecksum();

    /// <summary>The exact size on the relay of a plaintext of this length (quota accounting).</summary>
    long EncodedLength(long plainLength);

    /// <summary>
    /// The plaintext length of a relay payload of this size when the format determines it
    /// exactly, else null (Fernet: padding hides the last 1..16 bytes; or an impossible size).
    /// </summary>
    long? DecodedLength(long encodedLength);

    /// <summary>
    /// A readable, non-seekable stream of the relay payload, produced lazily from
    /// <paramref name="plaintext"/> as it is read; its <c>Length</c> is
    /// <see cref="EncodedLength"/> of <c>info.PlainLength</c>. <c>info.PlainLength</c> must be the
    /// exact plaintext length: a plaintext that turns out shorter or longer makes a read throw
    /// <see cref="IOException"/> (the file changed while being pushed). Disposing the returned
    /// stream disposes <paramref name="plaintext"/>.
    /// </summary>
    Stream Encode(Stream plaintext, PayloadInfo info);

    /// <summary>
    /// Decodes a relay payload into <paramref name="destination"/> (a temp file, never the final name).
    /// Throws <see cref="PayloadIntegrityException"/> when the payload fails authentication or is
    /// malformed, <see cref="WrongKeyException"/> when the key is evidently wrong. Bytes may already
    /// have been written to <paramref name="destination"/> when it throws: discard the temp file.
    /// </summary>
    Task DecodeAsync(Stream payload, Stream destination, PayloadInfo info, CancellationToken cancellationToken);
}
