using System.Security.Cryptography;
using Escale.Crypto.Aead;
using Escale.Crypto.Blowfish;
using Escale.Crypto.Fernet;

namespace Escale.Crypto.Tests;

/// <summary>
/// Streaming means constant memory: pushing a large file straight through encode and decode must
/// allocate a small fixed amount, not something proportional to the file. Runs alone, because the
/// allocation counter is process-wide. (scripts/bench/crypto does the same at 1 GiB with peak RSS.)
/// </summary>
[Collection(nameof(MemoryTests))]
public sealed class MemoryTests
{
    private const long Size = 256L << 20;
    private const long Budget = 8L << 20;

    public static TheoryData<string> Codecs() => ["aead", "aead-chacha20", "fernet", "blowfish"];

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task A_256_MiB_round_trip_allocates_under_8_MiB(string name)
    {
        IPayloadCodec codec = name switch
        {
            "aead" => Payloads.CheapAead(AeadSuite.Aes256Gcm),
            "aead-chacha20" => Payloads.CheapAead(AeadSuite.ChaCha20Poly1305),
            "fernet" => new FernetCodec(RandomNumberGenerator.GetBytes(32), "sha512"),
            _ => new BlowfishCodec("memory key"u8.ToArray(), "sha512", allowEncode: true),
        };
        var size = name == "blowfish" ? Size / 8 : Size; // managed Blowfish is slow; the property is the same
        var info = Payloads.Info("big.bin", size);
        await RoundTripAsync(codec, info, 1 << 20); // warm-up: JIT, pools, key derivation

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var counted = await RoundTripAsync(codec, info, size);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(size, counted);
        Assert.True(allocated < Budget, $"{name}: {allocated >> 10} KiB allocated for {size >> 20} MiB");
    }

    private static async Task<long> RoundTripAsync(IPayloadCodec codec, PayloadInfo info, long size)
    {
        await using var encoded = codec.Encode(new PatternStream(size), info with { PlainLength = size });
        var sink = new CountingStream();
        await codec.DecodeAsync(encoded, sink, info with { PlainLength = size }, CancellationToken.None);
        return sink.Length;
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
