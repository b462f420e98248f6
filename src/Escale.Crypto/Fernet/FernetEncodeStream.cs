using System.Buffers.Binary;
using System.Security.Cryptography;
using Escale.Crypto.Streams;

namespace Escale.Crypto.Fernet;

/// <summary>
/// A Fernet token produced incrementally: CBC over 48 KiB steps (each step's last ciphertext
/// block is the next step's IV), the HMAC fed as ciphertext appears and appended at the end, and
/// the whole raw token base64-encoded as it goes (a carry of at most 2 bytes between steps).
/// </summary>
internal sealed class FernetEncodeStream : ProducerStream
{
    private readonly Stream _plaintext;
    private readonly PayloadInfo _info;
    private readonly Aes _aes;
    private readonly IncrementalHash _hmac;
    private readonly byte[] _chainIv;
    private readonly byte[] _plain = new byte[FernetToken.Step + FernetToken.BlockSize];
    private readonly byte[] _raw = new byte[2 + FernetToken.PrefixSize + FernetToken.Step + FernetToken.BlockSize + FernetToken.MacSize];
    private readonly byte[] _text;
    private long _remaining;
    private int _carry;
    private bool _started;
    private bool _finished;

    public FernetEncodeStream(Stream plaintext, PayloadInfo info, byte[] key, long timestamp, byte[] iv)
        : base(FernetToken.TextLength(info.PlainLength))
    {
        _plaintext = plaintext;
        _info = info;
        _remaining = info.PlainLength;
        _aes = Aes.Create();
        _aes.Key = FernetToken.EncryptionKey(key);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, FernetToken.SigningKey(key));
        _chainIv = iv.ToArray();
        _text = new byte[UrlSafeBase64.EncodedLength(_raw.Length)];

        // the prefix goes out with the first step
        _raw[0] = FernetToken.Version;
        BinaryPrimitives.WriteInt64BigEndian(_raw.AsSpan(1, 8), timestamp);
        iv.CopyTo(_raw, 9);
        _carry = FernetToken.PrefixSize;
    }

    protected override async ValueTask<ReadOnlyMemory<byte>> ProduceAsync(bool sync, CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var want = (int)Math.Min(_remaining, FernetToken.Step);
        var read = await StreamReading.FillAsync(_plaintext, _plain.AsMemory(0, want), sync, cancellationToken).ConfigureAwait(false);
        if (read < want)
        {
            throw StreamReading.LengthChanged(_info.RelayPath, _info.PlainLength, "shorter");
        }

        _remaining -= read;
        var final = _remaining == 0;
        var plainLength = read;
        if (final)
        {
            if (!await StreamReading.AtEndAsync(_plaintext, sync, cancellationToken).ConfigureAwait(false))
            {
                throw StreamReading.LengthChanged(_info.RelayPath, _info.PlainLength, "longer");
            }

            // PKCS7: always 1..16 bytes, a whole block when the plaintext is block-aligned
            var pad = FernetToken.BlockSize - (read % FernetToken.BlockSize);
            _plain.AsSpan(read, pad).Fill((byte)pad);
            plainLength += pad;
        }

        var cipher = _raw.AsSpan(_carry, plainLength);
        if (plainLength > 0)
        {
            _aes.EncryptCbc(_plain.AsSpan(0, plainLength), _chainIv, cipher, PaddingMode.None);
            cipher[^FernetToken.BlockSize..].CopyTo(_chainIv);
        }

        var rawLength = _carry + plainLength;
        _hmac.AppendData(_raw.AsSpan(_started ? _carry : 0, _started ? plainLength : rawLength));
        _started = true;
        if (final)
        {
            _hmac.GetHashAndReset(_raw.AsSpan(rawLength, FernetToken.MacSize));
            rawLength += FernetToken.MacSize;
            _finished = true;
        }

        var (consumed, written) = UrlSafeBase64.Encode(_raw.AsSpan(0, rawLength), _text, final);
        _carry = rawLength - consumed;
        _raw.AsSpan(consumed, _carry).CopyTo(_raw);
        return _text.AsMemory(0, written);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
            _hmac.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
            _plaintext.Dispose();
        }

        base.Dispose(disposing);
    }
}
