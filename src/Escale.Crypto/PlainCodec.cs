using System.Security.Cryptography;

namespace Escale.Crypto;

/// <summary><c>encryption = off</c>: the payload is the plaintext; the checksum a plain hash.</summary>
public sealed class PlainCodec(string hashAlgorithm) : IPayloadCodec
{
    public string Name => "off";

    public bool CanEncode => true;

    public IncrementalHash CreateChecksum() => Checksums.Create(hashAlgorithm);

    public long EncodedLength(long plainLength) => plainLength;

    public long? DecodedLength(long encodedLength) => encodedLength;

    public Stream Encode(Stream plaintext, PayloadInfo info) => plaintext;

    public async Task DecodeAsync(Stream payload, Stream destination, PayloadInfo info, CancellationToken cancellationToken) =>
        await payload.CopyToAsync(destination, 1 << 16, cancellationToken);
}
