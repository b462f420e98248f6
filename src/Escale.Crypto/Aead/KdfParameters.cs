namespace Escale.Crypto.Aead;

/// <summary>
/// scrypt cost parameters as stored in an aead header. Readers refuse anything outside the
/// bounds before doing any work, so a hostile relay cannot make a node spend unbounded memory.
/// </summary>
public sealed record KdfParameters(int Log2N, int R, int P)
{
    public const int MinLog2N = 15;
    public const int MaxLog2N = 22;
    public const int RequiredR = 8;
    public const int MinP = 1;
    public const int MaxP = 4;

    /// <summary>What every production writer uses (and what the shared checksum key is derived with).</summary>
    public static KdfParameters Production { get; } = new(17, 8, 1);

    /// <summary>The cheapest parameters a reader accepts; for tests only.</summary>
    public static KdfParameters Fastest { get; } = new(MinLog2N, RequiredR, MinP);

    public bool WithinBounds =>
        Log2N is >= MinLog2N and <= MaxLog2N && R == RequiredR && P is >= MinP and <= MaxP;

    public override string ToString() => $"log2N={Log2N}, r={R}, p={P}";
}
