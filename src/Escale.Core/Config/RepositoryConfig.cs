namespace Escale.Core.Config;

/// <summary>
/// One repository (one section of escale.conf), with global lines applied as defaults.
/// Typed properties cover what the core needs; protocol drivers read their own options with
/// <see cref="Get{T}"/> so that adding an option does not touch this type.
/// </summary>
public sealed class RepositoryConfig
{
    private readonly IReadOnlyDictionary<string, (object Value, string Raw, int Line)> _values;

    public RepositoryConfig(string name, string file, IReadOnlyDictionary<string, (object Value, string Raw, int Line)> values)
    {
        Name = name;
        File = file;
        _values = values;
    }

    public string Name { get; }

    /// <summary>The file this section was read from (for messages and for rewriting).</summary>
    public string File { get; }

    public string LocalPath => ExpandPath(Require<string>("local path"));

    public string Protocol => Get("protocol", "file");

    public string? HostAddress => GetOrNull<string>("host address");

    public string RelayDir => Get("relay dir", "");

    public int? Port => _values.TryGetValue("port", out var v) ? (int)v.Value : null;

    public string Client => Get("client", DefaultClientName());

    public string Encryption => Get("encryption", "off");

    public SyncMode Mode
    {
        get
        {
            if (_values.TryGetValue("mode", out var m))
            {
                return (SyncMode)m.Value;
            }

            if (Get("push only", false))
            {
                return SyncMode.Upload;
            }

            return Get("pull only", false) ? SyncMode.Download : SyncMode.Shared;
        }
    }

    public int? PullerCount => _values.TryGetValue("puller count", out var v) ? (int)v.Value : null;

    public TimeSpan LockTimeout => Get("lock timeout", TimeSpan.FromHours(1));

    /// <summary>How long a pushed payload waits on the relay for its expected pullers before its pusher removes it; null = for ever (the default).</summary>
    public TimeSpan? PayloadExpiry => Get("payload expiry", TimeSpan.Zero) is var e && e > TimeSpan.Zero ? e : null;

    public long? DiskQuota => _values.TryGetValue("disk quota", out var v) ? (long)v.Value : null;

    /// <summary>Bytes per second for uploads (null = no limit): <c>upload limit</c>, else <c>bandwidth limit</c>.</summary>
    public long? UploadLimit => Limit("upload limit", upload: true);

    /// <summary>Bytes per second for downloads (null = no limit): <c>download limit</c>, else <c>bandwidth limit</c>.</summary>
    public long? DownloadLimit => Limit("download limit", upload: false);

    public string[] FileExtensions => Get("file extension", Array.Empty<string>());

    public string[] Include => Get("include", Array.Empty<string>());

    public string[] Exclude => Get("exclude", Array.Empty<string>());

    /// <summary>Zero means one pass and exit.</summary>
    public TimeSpan Refresh => Get("refresh", TimeSpan.FromSeconds(30));

    public TimeSpan SettleTime => Get("settle time", TimeSpan.FromSeconds(2));

    public string HashAlgorithm => Get("checksum", "sha512");

    public bool PortableNames => Get("portable names", false);

    public int Transfers => Get("transfers", 4);

    /// <summary>
    /// Size of a part (<c>split size</c>, or <c>split</c> given as a size); null = files are never split.
    /// <c>split = yes</c> alone returns 0: "the default part size" (Escale.Sync.Parts.PartPlan states it).
    /// <c>split = no</c> turns splitting off whatever <c>split size</c> says.
    /// </summary>
    public long? SplitSize
    {
        get
        {
            object? sw = _values.TryGetValue("split", out var s) ? s.Value : null;
            if (sw is false)
            {
                return null;
            }

            if (_values.TryGetValue("split size", out var v))
            {
                return (long)v.Value;
            }

            return sw switch
            {
                long size => size,
                true => 0,
                _ => null,
            };
        }
    }

    /// <summary>Files smaller than this are never split (<c>min split size</c>); null = the split size.</summary>
    public long? MinSplitSize => _values.TryGetValue("min split size", out var v) ? (long)v.Value : null;

    /// <summary>Whether deletions and renames travel to the other nodes as tombstones.</summary>
    public bool PropagateDeletions => Get("propagate deletions", true);

    /// <summary><c>notify</c> as configured; null when not set (the agent then notifies when a session bus is there).</summary>
    public bool? Notify => Has("notify") ? Get("notify", true) : null;

    /// <summary>How long a file deleted by another node stays in the local <c>.escale-trash</c> folder.</summary>
    public TimeSpan TrashKeep => TimeSpan.FromDays(Get("trash days", 30));

    public string CacheDir => ExpandPath(Get("cache dir", DefaultCacheRoot()));

    /// <summary>
    /// Per-repository state folder under the cache dir, keyed by the repository's identity (local
    /// folder + relay + section): two configurations that share a section name never share state.
    /// </summary>
    public string StateDir => Path.Combine(CacheDir, Identity.FolderName);

    /// <summary>Where state lived before it was keyed by identity (<c>cache dir/SECTION</c>): migrated when it matches.</summary>
    public string LegacyStateDir => Path.Combine(CacheDir, SafeFileName(Name));

    public RepositoryIdentity Identity => new(Name, LocalPath, RelayIdentity.Of(this));

    public bool Has(string canonical) => _values.ContainsKey(canonical);

    private long? Limit(string own, bool upload)
    {
        if (_values.TryGetValue(own, out var v))
        {
            return (long)v.Value > 0 ? (long)v.Value : null;
        }

        return _values.TryGetValue("bandwidth limit", out var both)
            ? upload ? (((long? Up, long? Down))both.Value).Up : (((long? Up, long? Down))both.Value).Down
            : null;
    }

    public T Get<T>(string canonical, T fallback) =>
        _values.TryGetValue(canonical, out var v) ? (T)v.Value : fallback;

    public T? GetOrNull<T>(string canonical)
        where T : class =>
        _values.TryGetValue(canonical, out var v) ? (T)v.Value : null;

    public T Require<T>(string canonical) =>
        _values.TryGetValue(canonical, out var v)
            ? (T)v.Value
            : throw new ConfigException($"{File}: [{Name}]: missing required option '{canonical}'");

    /// <summary>The line of an option in the file, for messages (0 when absent).</summary>
    public int LineOf(string canonical) => _values.TryGetValue(canonical, out var v) ? v.Line : 0;

    /// <summary>A path option resolved like the original: ~ expanded, relative to the config file's folder.</summary>
    public string? GetPath(string canonical)
    {
        var raw = GetOrNull<string>(canonical);
        return raw is null ? null : ExpandPath(raw);
    }

    public string ExpandPath(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "");
        }

        if (!Path.IsPathRooted(path))
        {
            path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(File)) ?? ".", path);
        }

        return Path.GetFullPath(path);
    }

    public static string DefaultClientName()
    {
        var host = Environment.MachineName;
        return string.IsNullOrWhiteSpace(host) ? "escale-node" : host;
    }

    public static string DefaultCacheRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(root, "escale");
    }

    internal static string SafeFileName(string name)
    {
        var chars = name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        return new string(chars);
    }
}
