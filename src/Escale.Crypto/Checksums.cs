using System.Security.Cryptography;

namespace Escale.Crypto;

/// <summary>The plain hashes of the <c>checksum</c> option (hashlib names, as the original used).</summary>
public static class Checksums
{
    public static IncrementalHash Create(string algorithm) => algorithm switch
    {
        "md5" => IncrementalHash.CreateHash(HashAlgorithmName.MD5),
        "sha1" => IncrementalHash.CreateHash(HashAlgorithmName.SHA1),
        "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        "sha384" => IncrementalHash.CreateHash(HashAlgorithmName.SHA384),
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw new ArgumentException($"unsupported checksum algorithm '{algorithm}'", nameof(algorithm)),
    };

    /// <summary>Lowercase hex of a finished hash, as in the placeholder.</summary>
    public static string Hex(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());
}
