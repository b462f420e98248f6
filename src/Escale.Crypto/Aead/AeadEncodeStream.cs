using System.Buffers;
using System.Security.Cryptography;
using Escale.Crypto.Streams;

namespace Escale.Crypto.Aead;

/// <summary>
/// Produces the header, then sealed chunks in batches of <see cref="AeadLayout.BatchChunks"/>: one
/// plaintext read and one returned block per batch (file reads through the thread pool cost per
/// call, not per byte), and memory is two batch buffers whatever the file size. Keys are fetched
/// on the first read, not at construction, so creating the stream never blocks on scrypt.
/// </summary>
internal sealed class AeadEncodeStream : ProducerStream
{
    private readonly Stream _plaintext;
    private readonly PayloadInfo _info;
    private readonly AeadSuite _suite;
    private readonly AeadKeyRing _keyRing;
    private readonly long _chunkCount;
    private readonly byte[] _plain;
    private readonly byte[] _sealed;
    private readonly byte[] _nonce = new byte[AeadLayout.NonceSize];
    private byte[] _headerHash = [];
    private ChunkCipher? _cipher;
    private long _index = -1;
    private bool _disposed;

    public AeadEncodeStream(Stream plaintext, PayloadInfo info, AeadSuite suite, AeadKeyRing keyRing)
        : base(AeadLayout.EncodedLength(info.PlainLength, AeadLayout.WriterChunkLog2))
    {
        _plaintext = plaintext;
        _info = info;
        _suite = suite;
        _keyRing = keyRing;
        _chunkCount = AeadLayout.ChunkCount(info.PlainLength, AeadLayout.WriterChunkLog2);
        _plain = ArrayPool<byte>.Shared.Rent(AeadLayout.BatchChunks << AeadLayout.WriterChunkLog2);
        _sealed = ArrayPool<byte>.Shared.Rent(AeadLayout.BatchChunks * ((1 << AeadLayout.WriterChunkLog2) + AeadLayout.TagSize));
    }

    protected override async ValueTask<ReadOnlyMemory<byte>> ProduceAsync(bool sync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_index < 0)
        {
            return StartFile();
        }

        if (_index == _chunkCount)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var batch = (int)Math.Min(AeadLayout.BatchChunks, _chunkCount - _index);
        var plainBytes = (int)(Math.Min((_index + batch) << AeadLayout.WriterChunkLog2, _info.PlainLength) - (_index << AeadLayout.WriterChunkLog2));
        var read = await StreamReading.FillAsync(_plaintext, _plain.AsMemory(0, plainBytes), sync, cancellationToken).ConfigureAwait(false);
        if (read < plainBytes)
        {
            throw StreamReading.LengthChanged(_info.RelayPath, _info.PlainLength, "shorter");
        }

        if (_index + batch == _chunkCount && !await StreamReading.AtEndAsync(_plaintext, sync, cancellationToken).ConfigureAwait(false))
        {
            throw StreamReading.LengthChanged(_info.RelayPath, _info.PlainLength, "longer");
        }

        var plainOffset = 0;
        var sealedOffset = 0;
        for (var end = _index + batch; _index < end; _index++)
        {
            var length = AeadLayout.ChunkPlainLength(_index, _chunkCount, _info.PlainLength, AeadLayout.WriterChunkLog2);
            AeadLayout.ChunkNonce(_nonce, _index, _index == _chunkCount - 1);
            _cipher!.Encrypt(
                _nonce,
                _plain.AsSpan(plainOffset, length),
                _sealed.AsSpan(sealedOffset, length),
                _sealed.AsSpan(sealedOffset + length, AeadLayout.TagSize),
                _headerHash);
            plainOffset += length;
            sealedOffset += length + AeadLayout.TagSize;
        }

        return _sealed.AsMemory(0, sealedOffset);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _cipher?.Dispose();
            ArrayPool<byte>.Shared.Return(_plain, clearArray: true);
            ArrayPool<byte>.Shared.Return(_sealed);
            _plaintext.Dispose();
        }

        base.Dispose(disposing);
    }

    private byte[] StartFile()
    {
        var (block, master) = _keyRing.OwnKey;
        var fileSalt = RandomNumberGenerator.GetBytes(AeadLayout.SaltSize);
        using var keys = FileKeys.Derive(master, fileSalt);
        var header = AeadHeader.Build(_suite, AeadLayout.WriterChunkLog2, block, keys, fileSalt, _info);
        _headerHash = SHA256.HashData(header);
        _cipher = new ChunkCipher(_suite, keys.Content);
        _index = 0;
        return header;
    }
}
