using System.Security.Cryptography;

namespace Escale.Crypto.Aead;

/// <summary>
/// The keys of one payload: HKDF(purpose key, per-file salt), the purpose keys being
/// HKDF(master key, purpose). A fresh salt per file makes chunk-counter nonces safe to reuse
/// across files. Zeroed on dispose.
/// </summary>
internal sealed class FileKeys : IDisposable
{
    private FileKeys(byte[] content, byte[] metadata)
    {
        Content = content;
        Metadata = metadata;
    }

    public byte[] Content { get; }

    public byte[] Metadata { get; }

    public static FileKeys Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> fileSalt) =>
        new(
            PerFile(masterKey, AeadLayout.ContentInfo, fileSalt, AeadLayout.FileContentInfo),
            PerFile(masterKey, AeadLayout.MetadataInfo, fileSalt, AeadLayout.FileMetadataInfo));

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(Content);
        CryptographicOperations.ZeroMemory(Metadata);
    }

    private static byte[] PerFile(ReadOnlySpan<byte> masterKey, byte[] purpose, ReadOnlySpan<byte> fileSalt, byte[] fileInfo)
    {
        Span<byte> purposeKey = stackalloc byte[AeadLayout.KeySize];
        var key = new byte[AeadLayout.KeySize];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, purposeKey, [], purpose);
            HKDF.DeriveKey(HashAlgorithmName.SHA256, purposeKey, key, fileSalt, fileInfo);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(purposeKey);
        }
    }
}
