namespace Escale.Relay.WebDav;

/// <summary>A read-only view of a response body that fails once more than a fixed number of bytes came.</summary>
internal sealed class BoundedReadStream(Stream inner, long limit, string what) : ReadOnlyStream(inner)
{
    public override int Read(byte[] buffer, int offset, int count) => Count(Inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await Inner.ReadAsync(buffer, cancellationToken));

    private int Count(int n)
    {
        BytesRead += n;
        if (BytesRead > limit)
        {
            throw new RelayException(RelayErrorKind.Permanent, $"{what}: the server's answer is larger than {limit / (1024 * 1024)} MiB; refused");
        }

        return n;
    }
}
