using System.Buffers;
using System.Buffers.Text;

namespace Escale.Crypto.Fernet;

/// <summary>
/// RFC 4648 §5 alphabet (with '=' padding, as Python's urlsafe_b64encode writes it), converted
/// to and from the standard alphabet so the vectorized BCL codec does the work.
/// </summary>
internal static class UrlSafeBase64
{
    public static readonly SearchValues<byte> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);

    public static void ToStandard(ReadOnlySpan<byte> urlSafe, Span<byte> standard)
    {
        urlSafe.CopyTo(standard);
        standard[..urlSafe.Length].Replace((byte)'-', (byte)'+');
        standard[..urlSafe.Length].Replace((byte)'_', (byte)'/');
    }

    /// <summary>Encodes whole 3-byte groups (all of <paramref name="raw"/> when final) and returns (consumed, written).</summary>
    public static (int Consumed, int Written) Encode(ReadOnlySpan<byte> raw, Span<byte> text, bool final)
    {
        Base64.EncodeToUtf8(raw, text, out var consumed, out var written, isFinalBlock: final);
        text[..written].Replace((byte)'+', (byte)'-');
        text[..written].Replace((byte)'/', (byte)'_');
        return (consumed, written);
    }

    public static long EncodedLength(long rawLength) => (rawLength + 2) / 3 * 4;
}
