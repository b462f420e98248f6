using System.Collections.Concurrent;
using System.Runtime;
using System.Security.Cryptography;

namespace Escale.Crypto.Aead;

/// <summary>
/// The keys of one passphrase. One scrypt per process and repository: the repository key
/// (scrypt of the passphrase with the fixed repository salt) is the only derivation a node of this
/// version needs, because it is the root of both
/// - the checksum key, which every node must compute identically without having seen a payload, and
/// - the key-wrapping keys of the key blocks it writes (kdf id 2): HKDF of the repository key with
///   the block's random salt, so each node still has its own wrapping key and master key, at the
///   cost of an HKDF instead of a second scrypt, and a peer's block costs nothing more either.
/// Key blocks of kdf id 1 (a KEK straight from scrypt with the block's salt, what earlier builds
/// wrote) are still read, at one scrypt per distinct salt, cached.
/// The master key is random per node (wrapped in every header, readable by anyone with the
/// passphrase) and keys the content and metadata.
/// </summary>
internal sealed class AeadKeyRing
{
    private const int MaxCacheEntries = 256;

    private readonly byte[] _passphrase;
    private readonly KdfParameters _writeParameters;
    private readonly string? _keyCacheDir;
    private readonly PassphraseKdf _kdf;
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _keks = new();
    private readonly ConcurrentDictionary<KdfParameters, Lazy<byte[]>> _repositoryKeys = new();
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
        _checksumKey = new Lazy<byte[]>(() => HKDF.DeriveKey(HashAlgorithmName.SHA256, RepositoryKey(_writeParameters), AeadLayout.KeySize, [], AeadLayout.ChecksumInfo));
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

        var kdfId = KeyBlock.KdfId(block);
        if (kdfId is not (KeyBlock.ScryptId or KeyBlock.RepositoryKeyId))
        {
            throw new PayloadIntegrityException($"unknown key derivation function {kdfId} in the header");
        }

        var parameters = KeyBlock.Parameters(block);
        if (!parameters.WithinBounds)
        {
            throw new PayloadIntegrityException($"scrypt parameters out of bounds in the header ({parameters}): refused");
        }

        var kek = KekFor(block[..KeyBlock.AssociatedSize], kdfId, parameters, KeyBlock.Salt(block));
        var master = new byte[AeadLayout.KeySize];
        if (!KeyBlock.TryUnwrap(block, kek, master))
        {
            throw new WrongKeyException("wrong passphrase: the payload's master key does not unwrap with it (or its key block was altered)");
        }

        Remember(_masters, id, master);
        return master;
    }

    private byte[] KekFor(ReadOnlySpan<byte> kdfPart, byte kdfId, KdfParameters parameters, byte[] salt)
    {
        var id = Convert.ToHexString(kdfPart);
        if (_keks.Count >= MaxCacheEntries)
        {
            _keks.Clear();
        }

        var lazy = _keks.GetOrAdd(id, _ => new Lazy<byte[]>(() => kdfId == KeyBlock.RepositoryKeyId
            ? HKDF.DeriveKey(HashAlgorithmName.SHA256, RepositoryKey(parameters), AeadLayout.KeySize, salt, AeadLayout.KeyWrapInfo)
            : Derive(salt, parameters)));
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

    /// <summary>scrypt(passphrase, repository salt), once per parameters (a hostile header can only pick bounded ones).</summary>
    private byte[] RepositoryKey(KdfParameters parameters)
    {
        if (_repositoryKeys.Count >= 4 && !_repositoryKeys.ContainsKey(parameters))
        {
            _repositoryKeys.Clear();
        }

        var lazy = _repositoryKeys.GetOrAdd(parameters, p => new Lazy<byte[]>(() => Derive(AeadLayout.RepositorySalt, p)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _repositoryKeys.TryRemove(parameters, out _);
            throw;
        }
    }

    private byte[] Derive(byte[] salt, KdfParameters parameters)
    {
        Interlocked.Increment(ref _derivations);
        var key = _kdf(_passphrase, salt, parameters);
        ReturnScryptMemory(parameters);
        return key;
    }

    /// <summary>
    /// scrypt's working area (128 r 2^log2N bytes: 128 MiB in production) is garbage once the key is
    /// out; without a compacting collection the runtime keeps it committed for the life of the process.
    /// </summary>
    private static void ReturnScryptMemory(KdfParameters parameters)
    {
        if (parameters.Log2N < 16)
        {
            return; // tests' parameters: a few MiB, not worth a full collection
        }

        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private (byte[] Block, byte[] Master) LoadOrCreateOwnKey()
    {
        var stored = _keyCacheDir is null ? null : KeyCacheFile.Load(_keyCacheDir);
        // a block of kdf id 1 (an earlier build) would cost a scrypt of its own at every start: replaced
        if (stored is not null && KeyBlock.KdfId(stored) == KeyBlock.RepositoryKeyId && KeyBlock.Parameters(stored) == _writeParameters)
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
        var kek = HKDF.DeriveKey(HashAlgorithmName.SHA256, RepositoryKey(_writeParameters), AeadLayout.KeySize, salt, AeadLayout.KeyWrapInfo);
        var block = KeyBlock.Create(KeyBlock.RepositoryKeyId, _writeParameters, salt, kek, master);
        _keks[Convert.ToHexString(block.AsSpan(0, KeyBlock.AssociatedSize))] = new Lazy<byte[]>(kek);
        _masters[Convert.ToHexString(block)] = master;
        if (_keyCacheDir is not null)
        {
            KeyCacheFile.Save(_keyCacheDir, block);
        }

        return (block, master);
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
