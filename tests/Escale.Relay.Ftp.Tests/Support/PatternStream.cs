namespace Escale.Relay.Ftp.Tests.Support;

/// <summary>A seekable stream of <see cref="Length"/> pseudo-random bytes that needs no memory (byte i is a hash of i).</summary>
public sealed class PatternStream(long length, int seed = 7) : Stream
{
    private long _position;

    /// <summary>Runs once when reading first passes this many bytes (then clears itself).</summary>
    public (long At, Action Action)? Tripwire { get; set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => _position = value; }

    public static byte At(long i, int seed)
    {
        var x = (ulong)(i + 1) * 0x9E3779B97F4A7C15UL ^ (ulong)seed;
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9UL;
        return (byte)(x >> 32);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - _position);
        for (var k = 0; k < n; k++)
        {
            buffer[offset + k] = At(_position + k, seed);
        }

        _position += n;
        if (Tripwire is { } t && _position >= t.At)
        {
            Tripwire = null;
            t.Action();
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var array = new byte[buffer.Length];
        var n = Read(array, 0, array.Length);
        array.AsSpan(0, n).CopyTo(buffer.Span);
        return ValueTask.FromResult(n);
    }

    /// <summary>Checks that a stream holds exactly this pattern from <paramref name="from"/>; returns bytes read.</summary>
    public static async Task<long> VerifyAsync(Stream s, long from, int seed = 7)
    {
        var buffer = new byte[1 << 16];
        var pos = from;
        int n;
        while ((n = await s.ReadAsync(buffer)) > 0)
        {
            for (var k = 0; k < n; k++)
            {
                if (buffer[k] != At(pos + k, seed))
                {
                    throw new InvalidDataException($"byte {pos + k} differs");
                }
            }

            pos += n;
        }

        return pos - from;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) =>
        _position = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => length + offset };

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
