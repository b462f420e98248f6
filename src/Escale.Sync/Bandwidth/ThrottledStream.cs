using Escale.Relay;

namespace Escale.Sync.Bandwidth;

/// <summary>
/// A read-through wrapper that keeps a transfer to its direction's limit: each read is at most 256 KiB
/// (so a low limit still flows smoothly) and is granted by the shared <see cref="RateGate"/> before the
/// bytes are handed on. Reads the limit on every call, so a change at run time applies mid-transfer.
/// </summary>
public sealed class ThrottledStream(Stream inner, RateGate gate) : ReadOnlyStream(inner)
{
    private const int MaxRead = 256 * 1024;

    public override long Length => Inner.Length; // stores may size an upload from it

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await Inner.ReadAsync(buffer.Length > MaxRead ? buffer[..MaxRead] : buffer, cancellationToken);
        if (n > 0)
        {
            await gate.WaitAsync(n, cancellationToken);
            BytesRead += n;
        }

        return n;
    }
}
