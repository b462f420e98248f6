using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Escale.Crypto.Blowfish;

/// <summary>
/// Blowfish in 64-bit OFB: a keystream XORed onto the data, the same operation both ways.
/// A partial last block uses the front of one more keystream block (OFB needs no padding).
/// </summary>
internal sealed class BlowfishOfb
{
    public const int BlockSize = 8;
    public const int MinKeySize = 4;
    public const int MaxKeySize = 56;

    private readonly OfbBlockCipher _ofb;
    private readonly byte[] _block = new byte[BlockSize];
    private readonly byte[] _keystream = new byte[BlockSize];

    public BlowfishOfb(byte[] key, byte[] iv)
    {
        _ofb = new OfbBlockCipher(new BlowfishEngine(), BlockSize * 8);
        _ofb.Init(true, new ParametersWithIV(new KeyParameter(key), iv));
    }

    /// <summary>Transforms <paramref name="data"/> in place; only the last call may end mid-block.</summary>
    public void Transform(byte[] data, int count)
    {
        var whole = count / BlockSize * BlockSize;
        for (var offset = 0; offset < whole; offset += BlockSize)
        {
            _ofb.ProcessBlock(data, offset, data, offset);
        }

        var rest = count - whole;
        if (rest > 0)
        {
            Array.Clear(_block);
            _ofb.ProcessBlock(_block, 0, _keystream, 0);
            for (var i = 0; i < rest; i++)
            {
                data[whole + i] ^= _keystream[i];
            }
        }
    }
}
