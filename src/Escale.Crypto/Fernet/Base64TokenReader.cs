using System.Buffers;
using System.Buffers.Text;

namespace Escale.Crypto.Fernet;

/// <summary>
/// Strict incremental urlsafe-base64 decoding of a token text: only the urlsafe alphabet, '='
/// only as final padding, a length that is a multiple of 4. Anything else is not a token we wrote
/// or the original would have written.
/// </summary>
internal sealed class Base64TokenReader
{
    private readonly byte[] _pending = new byte[FernetToken.Step + 8];
    private int _pendingCount;
    private int _padding;

    /// <summary>Decodes the complete groups seen so far into <paramref name="raw"/>; keeps the rest.</summary>
    public int Decode(ReadOnlySpan<byte> text, Span<byte> raw)
    {
        var produced = 0;
        while (!text.IsEmpty)
        {
            var take = Math.Min(text.Length, _pending.Length - _pendingCount);
            Accept(text[..take]);
            text = text[take..];

            // hold back the last group: it may be the padded final one
            var whole = (_pendingCount / 4 * 4) - 4;
            if (whole > 0)
            {
                produced += DecodeGroups(_pending.AsSpan(0, whole), raw[produced..], final: false);
                _pending.AsSpan(whole, _pendingCount - whole).CopyTo(_pending);
                _pendingCount -= whole;
            }
        }

        return produced;
    }

    public int Finish(Span<byte> raw)
    {
        if (_pendingCount % 4 != 0)
        {
            throw new PayloadIntegrityException("not a Fernet token: its base64 length is not a multiple of 4");
        }

        var n = DecodeGroups(_pending.AsSpan(0, _pendingCount), raw, final: true);
        _pendingCount = 0;
        return n;
    }

    private void Accept(ReadOnlySpan<byte> text)
    {
        // vectorized scan; only the tail of the token may hold anything but the alphabet
        var other = text.IndexOfAnyExcept(UrlSafeBase64.Alphabet);
        if ((_padding > 0 && !text.IsEmpty && other != 0) || (other >= 0 && text[other..].ContainsAnyExcept((byte)'=')))
        {
            throw Invalid();
        }

        _padding += other < 0 ? 0 : text.Length - other;
        if (_padding > 2)
        {
            throw Invalid();
        }

        UrlSafeBase64.ToStandard(text, _pending.AsSpan(_pendingCount));
        _pendingCount += text.Length;
    }

    private static int DecodeGroups(ReadOnlySpan<byte> groups, Span<byte> raw, bool final)
    {
        var status = Base64.DecodeFromUtf8(groups, raw, out var consumed, out var written, isFinalBlock: final);
        if (status != OperationStatus.Done || consumed != groups.Length)
        {
            throw Invalid();
        }

        return written;
    }

    private static PayloadIntegrityException Invalid() =>
        new("not a Fernet token: invalid urlsafe base64");
}
