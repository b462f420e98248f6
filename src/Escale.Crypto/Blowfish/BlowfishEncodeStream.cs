using Escale.Crypto.Streams;

namespace Escale.Crypto.Blowfish;

/// <summary>IV, then the plaintext through the OFB keystream, 64 KiB per step.</summary>
internal sealed class BlowfishEncodeStream : ProducerStream
{
    private const int Step = 64 * 1024;

    private readonly Stream _plaintext;
    private readonly PayloadInfo _info;
    private readonly BlowfishOfb _ofb;
    private readonly byte[] _iv;
    private readonly byte[] _buffer = new byte[Step];
    private long _remaining;
    private bool _ivSent;

    public BlowfishEncodeStream(Stream plaintext, PayloadInfo info, byte[] key, byte[] iv)
        : base(BlowfishOfb.BlockSize + info.PlainLength)
    {
        _plaintext = plaintext;
        _info = info;
        _iv = iv;
        _ofb = new BlowfishOfb(key, iv);
        _remaining = info.PlainLength;
    }

    protected override async ValueTask<ReadOnlyMemory<byte>> ProduceAsync(bool sync, CancellationToken cancellationToken)
    {
        if (!_ivSent)
        {
            _ivSent = true;
            if (_remaining == 0 && !await StreamReading.AtEndAsync(_plaintext, sync, cancellationToken).ConfigureAwait(false))
            {
                throw StreamReading.LengthChanged(_info.RelayPath, _info.PlainLength, "longer");
            }

            return _iv;
        }

        if (_remaining == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var want = (int)Math.Min(_remaining, Step);
        var read = await StreamReading.FillAsync(_plaintext, _buffer.AsMemory(0, want), sync, cancellationToken).ConfigureAwait(false);
        if (read < want)
        {
            throw StreamReading.LengthChanged(_info.RelayPath, _info.PlainLength, "shorter");
        }

        _remaining -= read;
        if (_remaining == 0 && !await StreamReading.AtEndAsync(_plaintext, sync, cancellationToken).ConfigureAwait(false))
        {
            throw StreamReading.LengthChanged(_info.RelayPath, _info.PlainLength, "longer");
        }

        _ofb.Transform(_buffer, read);
        return _buffer.AsMemory(0, read);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Array.Clear(_buffer);
            _plaintext.Dispose();
        }

        base.Dispose(disposing);
    }
}
