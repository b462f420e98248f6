using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Vfs.Mirror;

/// <summary>
/// The virtual folder of a mount: the repository's real local folder (the local mirror, the same
/// one plain-folder sync uses) merged with the files offered on the relay. Every operation goes
/// to the real files; an offered file is fetched into the mirror when it is opened or changed.
/// </summary>
/// <remarks>
/// Lock order: this class takes no lock of its own while calling out. <see cref="OpenFile"/>'s
/// name lock is innermost and is never held across a call to the offers, the write-back or the
/// file system.
/// </remarks>
public sealed partial class MirrorFolder : IVirtualFolder, IDisposable
{
    public const string StateAttribute = "user.escale.state";

    private const UnixFileMode OfferedFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode OfferedDirectoryMode = OfferedFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly string _root;
    private readonly IRelayOffers _offers;
    private readonly IWriteBack _writeBack;
    private readonly MirrorFolderOptions _options;
    private readonly FetchCoordinator _fetches;
    private readonly HandleTable _handles = new();

    public MirrorFolder(string localPath, IRelayOffers offers, IWriteBack writeBack, MirrorFolderOptions? options = null, ILogger? logger = null)
    {
        _root = Path.GetFullPath(localPath);
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"the local folder {_root} does not exist");
        }

        _offers = offers;
        _writeBack = writeBack;
        _options = options ?? new MirrorFolderOptions();
        _fetches = new FetchCoordinator(offers, _options.FetchTimeout, logger ?? NullLogger.Instance);
        _offers.Changed += OnOffersChanged;
    }

    public event Action<string>? Invalidated;

    public string LocalPath => _root;

    /// <summary>Handles open right now (for tests and for a clean shutdown).</summary>
    public int OpenHandles => _handles.Count;

    public VfsError GetAttributes(string path, long handle, out VfsAttributes attributes)
    {
        if (handle != 0 && _handles.Get(handle) is { } open)
        {
            return FromHandle(open, out attributes);
        }

        var local = StatLocal(Full(path), out attributes);
        if (local == VfsError.Ok && attributes.Kind == VfsEntryKind.Directory)
        {
            return VfsError.Ok;
        }

        if (path.Length > 0 && _offers.FindOffer(path) is { } offer && (local != VfsError.Ok || !offer.IsDirectory))
        {
            attributes = FromOffer(offer);
            return VfsError.Ok;
        }

        return local;
    }

    public VfsError ReadDirectory(string path, out IReadOnlyList<VfsDirectoryEntry> entries)
    {
        entries = [];
        var byName = new Dictionary<string, VfsDirectoryEntry>(StringComparer.Ordinal);
        var dir = new DirectoryInfo(Full(path));
        var localExists = false;
        try
        {
            foreach (var info in dir.EnumerateFileSystemInfos())
            {
                byName[info.Name] = new VfsDirectoryEntry(info.Name, FromInfo(info));
            }

            localExists = true;
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }

        var offers = _offers.ListOffers(path);
        if (!localExists && offers.Count == 0 && (path.Length > 0 && _offers.FindOffer(path) is not { IsDirectory: true }))
        {
            return File.Exists(dir.FullName) ? VfsError.NotADirectory : VfsError.NotFound;
        }

        foreach (var offer in offers)
        {
            var name = offer.Name;
            if (!byName.TryGetValue(name, out var existing) || (!offer.IsDirectory && existing.Attributes.Kind == VfsEntryKind.File))
            {
                byName[name] = new VfsDirectoryEntry(name, FromOffer(offer));
            }
        }

        entries = [.. byName.Values];
        return VfsError.Ok;
    }

    public VfsError ReadLink(string path, out string target)
    {
        target = "";
        try
        {
            var link = new FileInfo(Full(path)).LinkTarget;
            if (link is null)
            {
                return File.Exists(Full(path)) || Directory.Exists(Full(path)) ? VfsError.InvalidArgument : VfsError.NotFound;
            }

            target = link;
            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    public VfsError GetFileSystemStats(out VfsFileSystemStats stats)
    {
        stats = default;
        try
        {
            var drive = new DriveInfo(_root);
            const long block = 4096;
            stats = new VfsFileSystemStats(block, drive.TotalSize / block, drive.TotalFreeSpace / block, drive.AvailableFreeSpace / block, 0, 0, 255);
            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    public VfsError GetExtendedAttribute(string path, string name, out byte[] value)
    {
        value = [];
        if (name != StateAttribute)
        {
            return VfsError.NoData; // also the fast answer to the kernel's security.capability probes
        }

        var exists = GetAttributes(path, 0, out _);
        if (exists != VfsError.Ok)
        {
            return exists;
        }

        value = Encoding.UTF8.GetBytes(_offers.DescribeState(path));
        return VfsError.Ok;
    }

    public VfsError ListExtendedAttributes(string path, out IReadOnlyList<string> names)
    {
        names = [];
        var exists = GetAttributes(path, 0, out _);
        if (exists == VfsError.Ok)
        {
            names = [StateAttribute];
        }

        return exists;
    }

    public VfsError SetExtendedAttribute(string path, string name, ReadOnlySpan<byte> value) =>
        name == StateAttribute ? VfsError.NotPermitted : VfsError.NotSupported;

    public VfsError RemoveExtendedAttribute(string path, string name) =>
        name == StateAttribute ? VfsError.NotPermitted : VfsError.NotSupported;

    public void Dispose()
    {
        _offers.Changed -= OnOffersChanged;
        _fetches.Dispose();
        _handles.DisposeAll();
    }

    private void OnOffersChanged(string relativePath) => Invalidated?.Invoke(relativePath);

    private string Full(string relativePath)
    {
        // The kernel never sends "." or ".." segments; refuse them anyway so no caller escapes the mirror.
        if (relativePath.Length == 0)
        {
            return _root;
        }

        if (!IsClean(relativePath))
        {
            throw new ArgumentException($"not a relative path inside the mirror: {relativePath}");
        }

        return Path.Join(_root, relativePath);
    }

    private static bool IsClean(string p) =>
        !(p[0] == '/' || p[^1] == '/' || p is "." or ".." || p.StartsWith("./", StringComparison.Ordinal) || p.StartsWith("../", StringComparison.Ordinal)
          || p.EndsWith("/.", StringComparison.Ordinal) || p.EndsWith("/..", StringComparison.Ordinal) || p.Contains("//", StringComparison.Ordinal)
          || p.Contains("/./", StringComparison.Ordinal) || p.Contains("/../", StringComparison.Ordinal));

    private static VfsError StatLocal(string full, out VfsAttributes attributes)
    {
        attributes = default;
        try
        {
            FileSystemInfo info = new FileInfo(full);
            var attrs = info.Attributes; // one lstat; -1 when absent
            if ((int)attrs == -1)
            {
                return VfsError.NotFound;
            }

            if (attrs.HasFlag(FileAttributes.Directory) && !attrs.HasFlag(FileAttributes.ReparsePoint))
            {
                info = new DirectoryInfo(full);
            }

            attributes = FromInfo(info);
            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }

    private static VfsAttributes FromInfo(FileSystemInfo info)
    {
        var kind = info.Attributes.HasFlag(FileAttributes.ReparsePoint) ? VfsEntryKind.SymbolicLink
            : info is DirectoryInfo ? VfsEntryKind.Directory : VfsEntryKind.File;
        var size = kind switch
        {
            VfsEntryKind.Directory => 4096,
            VfsEntryKind.SymbolicLink => info.LinkTarget is { } t ? Encoding.UTF8.GetByteCount(t) : 0,
            _ => ((FileInfo)info).Length,
        };
        var modified = new DateTimeOffset(info.LastWriteTimeUtc);
        return new VfsAttributes(kind, info.UnixFileMode, size, new DateTimeOffset(info.LastAccessTimeUtc), modified, modified);
    }

    private static VfsAttributes FromOffer(OfferedFile offer) => offer.IsDirectory
        ? new VfsAttributes(VfsEntryKind.Directory, OfferedDirectoryMode, 4096, offer.Modified, offer.Modified, offer.Modified, Offered: true)
        : new VfsAttributes(VfsEntryKind.File, OfferedFileMode, offer.Size ?? 0, offer.Modified, offer.Modified, offer.Modified, Offered: true, SizeUnknown: offer.Size is null);

    private static VfsError FromHandle(OpenFile open, out VfsAttributes attributes)
    {
        attributes = default;
        try
        {
            var h = open.Stream.SafeFileHandle;
            var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(h));
            attributes = new VfsAttributes(VfsEntryKind.File, OperatingSystem.IsWindows() ? OfferedFileMode : File.GetUnixFileMode(h), RandomAccess.GetLength(h), new DateTimeOffset(File.GetLastAccessTimeUtc(h)), modified, modified);
            return VfsError.Ok;
        }
        catch (Exception e)
        {
            return VfsErrors.FromException(e);
        }
    }
}
