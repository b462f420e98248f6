using System.Security.Cryptography;

namespace Escale.Crypto;

/// <summary>
/// Turns plaintext into what is stored on the relay and back. Pure: no relay or local-folder I/O
/// beyond the streams it is given. Both directions stream with constant memory.
/// </summary>
public interface IPayloadCodec
{
    /// <summary>The configured name: off, fernet, blowfish, aead, aead-chacha20.</summary>
    string Name { get; }

    /// <summary>
    /// A hasher for the placeholder <c>checksum</c> of a plaintext: the plain hash named by the
    /// <c>checksum</c> option for off/fernet/blowfish (compatible), a keyed HMAC for aead.
    /// </summary>
    IncrementalHash CreateChecksum();

    /// <summary>The exact size on the relay of a plaintext of this length (quota accounting).</summary>
    long EncodedLength(long plainLength);

    /// <summary>A readable stream of the relay payload, produced lazily from <paramref name="plaintext"/>.</summary>
    Stream Encode(Stream plaintext, PayloadInfo info);

    /// <summary>
    /// Decodes a relay payload into <paramref name="destination"/> (a temp file, never the final name).
    /// Throws <see cref="PayloadIntegrityException"/> when the payload fails authentication or is
    /// malformed, <see cref="WrongKeyException"/> when the key is evidently wrong.
    /// </summary>
    Task DecodeAsync(Stream payload, Stream destination, PayloadInfo info, CancellationToken cancellationToken);
}

/// <summary>What the codec may bind the payload to: its relay path, plaintext length and mtime.</summary>
public sealed record PayloadInfo(string RelayPath, long PlainLength, long MtimeSeconds);

public class PayloadIntegrityException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class WrongKeyException(string message) : PayloadIntegrityException(message);
