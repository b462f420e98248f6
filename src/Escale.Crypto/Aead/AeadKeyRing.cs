using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Escale.Crypto.Aead;

/// <summary>
/// The keys of one passphrase. scrypt runs once per (parameters, salt) and process: key-wrapping
/// keys and unwrapped master keys are cached, so every file of a node costs one scrypt in total.
/// Two roots, because they must behave differently:
/// - the master key is random per node (wrapped in every header, readable by anyone with the
///   passphrase) and keys the content and metadata;
/// - the repository key is scrypt(passphrase, fixed salt) and keys what every node must compute
///   identically without having seen a payload: the placeholder checksum (and, later, names).
/// </summary>
internal sealed class AeadKeyRing
{
    private const int MaxCacheEntries = 256;

    private readonly byte[] _passphrase;
    private readonly KdfParameters _writeParameters;
    private readonly string? _keyCacheDir;
    private readonly PassphraseKdf _kdf;
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _keks = new();
    private readonly ConcurrentDictionary<string, byte[]> _masters = new();
    private readonly Lazy<(byte[] Block, byte[] Master)> _own;
    private readonly Lazy<byte[]> _checksumKey;
    private int _derivations;

    public AeadKeyRing(byte[] passphrase, KdfParameters writeParameters, string? keyCacheDir, PassphraseKdf? kdf = null)
    {
        if (!writeParameters.WithinBounds)
        {
            throw new ArgumentOutOfRangeException(nameof(writeParameters), $"scrypt parameters {writeParameters} are outside what readers accept");
        }

        _passphrase = passphrase;
        _writeParameters = writeParameters;
        _keyCacheDir = keyCacheDir;
        _kdf = kdf ?? Scrypt.Derive;
        _own = new Lazy<(byte[], byte[])>(LoadOrCreateOwnKey);
        _checksumKey = new Lazy<byte[]>(DeriveChecksumKey);
    }

    /// <summary>How many times the passphrase KDF ran (tests: proves caching and early refusal).</summary>
    public int DerivationCount => Volatile.Read(ref _derivations);

    /// <summary>The key block this node writes into its headers, and the master key inside it.</summary>
    public (byte[] Block, byte[] Master) OwnKey => _own.Value;

    public byte[] ChecksumKey => _checksumKey.Value;

    /// <summary>
    /// The master key of a header's key block. Refuses unknown KDFs and out-of-bounds parameters
    /// before any derivation; a key that does not unwrap means a wrong passphrase.
    /// </summary>
    public byte[] MasterKeyFor(ReadOnlySpan<byte> block)
    {
        var id = Convert.ToHexString(block);
        if (_masters.TryGetValue(id, out var cached))
        {
            return cached;
        }

        if (KeyBlock.KdfId(block) != KeyBlock.ScryptId)
        {
            throw new PayloadIntegrityException($"unknown key derivation function {KeyBlock.KdfId(block)} in the header");
        }

        var parameters = KeyBlock.Parameters(block);
        if (!parameters.WithinBounds)
        {
            throw new PayloadIntegrityException($"scrypt parameters out of bounds in the header ({parameters}): refused");
        }

        var kek = KekFor(block[..KeyBlock.AssociatedSize], parameters, KeyBlock.Salt(block));
        var master = new byte[AeadLayout.KeySize];
        if (!KeyBlock.TryUnwrap(block, kek, master))
        {
            throw new WrongKeyException("wrong passphrase: the payload's master key does not unwrap with it (or its key block was altered)");
        }

        Remember(_masters, id, master);
        return master;
    }

    private byte[] KekFor(ReadOnlySpan<byte> kdfPart, KdfParameters parameters, byte[] salt)
    {
        var id = Convert.ToHexString(kdfPart);
        if (_keks.Count >= MaxCacheEntries)
        {
            _keks.Clear();
        }

        var lazy = _keks.GetOrAdd(id, _ => new Lazy<byte[]>(() => Derive(salt, parameters)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _keks.TryRemove(id, out _);
            throw;
        }
    }

    private byte[] Derive(byte[] salt, KdfParameters parameters)
    {
        Interlocked.Increment(ref _derivations);
        return _kdf(_passphrase, salt, parameters);
    }

    private (byte[] Block, byte[] Master) LoadOrCreateOwnKey()
    {
        var stored = _keyCacheDir is null ? null : KeyCacheFile.Load(_keyCacheDir);
        if (stored is not null && KeyBlock.KdfId(stored) == KeyBlock.ScryptId && KeyBlock.Parameters(stored) == _writeParameters)
        {
            try
            {
                return (stored, MasterKeyFor(stored));
            }
            catch (WrongKeyException)
            {
                // the passphrase changed since the block was written: start a new one
            }
        }

        var salt = RandomNumberGenerator.GetBytes(AeadLayout.SaltSize);
        var master = RandomNumberGenerator.GetBytes(AeadLayout.KeySize);
        var kek = Derive(salt, _writeParameters);
        var block = KeyBlock.Create(_writeParameters, salt, kek, master);
        _keks[Convert.ToHexString(block.AsSpan(0, KeyBlock.AssociatedSize))] = new Lazy<byte[]>(kek);
        _masters[Convert.ToHexString(block)] = master;
        if (_keyCacheDir is not null)
        {
            KeyCacheFile.Save(_keyCacheDir, block);
        }

        return (block, master);
    }

    private byte[] DeriveChecksumKey()
    {
        var repositoryKey = Derive(AeadLayout.RepositorySalt, _writeParameters);
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, repositoryKey, AeadLayout.KeySize, [], AeadLayout.ChecksumInfo);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(repositoryKey);
        }
    }

    private static void Remember(ConcurrentDictionary<string, byte[]> cache, string id, byte[] key)
    {
        // a hostile relay can present endless distinct key blocks: bound the cache, not the work
        if (cache.Count >= MaxCacheEntries)
        {
            cache.Clear();
        }

        cache[id] = key;
    }
}
