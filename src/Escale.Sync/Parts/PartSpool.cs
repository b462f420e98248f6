using System.Globalization;
using Escale.Core.IO;

namespace Escale.Sync.Parts;

/// <summary>
/// A puller's parts of one split version, kept in the state folder until the whole file is installed:
/// <c>NNNN.part</c> = a verified plaintext part; <c>NNNN.enc</c> = the relay bytes of a part received so far
/// (a cut download continues from its length; they are verified with the part once complete, never trusted).
/// A <c>version</c> file names the placeholder checksum and part count: a spool of another version is emptied.
/// </summary>
internal sealed class PartSpool
{
    private readonly string _dir;

    private PartSpool(string dir) => _dir = dir;

    public static string FolderFor(string stateFolder, string relayPath) =>
        Path.Combine(PartFolders.Root(stateFolder), PartFolders.Key(relayPath));

    /// <summary>The spool of this version (created, or emptied when it held another version).</summary>
    public static PartSpool Open(string stateFolder, string relayPath, string version)
    {
        var dir = FolderFor(stateFolder, relayPath);
        var marker = Path.Combine(dir, "version");
        if (!File.Exists(marker) || File.ReadAllText(marker) != version)
        {
            Delete(stateFolder, relayPath);
            Directory.CreateDirectory(dir);
            Durable.WriteAllBytes(marker, System.Text.Encoding.UTF8.GetBytes(version));
        }

        return new PartSpool(dir);
    }

    /// <summary>Whether a verified copy of part <paramref name="index"/> of this version is held (no folder is created).</summary>
    public static bool Holds(string stateFolder, string relayPath, string version, int index)
    {
        var dir = FolderFor(stateFolder, relayPath);
        var marker = Path.Combine(dir, "version");
        return File.Exists(Path.Combine(dir, Name(index, "part"))) && File.Exists(marker) && File.ReadAllText(marker) == version;
    }

    public static string VersionOf(string? checksum, int count) => string.Create(CultureInfo.InvariantCulture, $"{checksum} {count}");

    public bool Has(int index) => File.Exists(PartFile(index));

    public string PartFile(int index) => Path.Combine(_dir, Name(index, "part"));

    public string EncodedFile(int index) => Path.Combine(_dir, Name(index, "enc"));

    public string TempFile(int index) => Path.Combine(_dir, Name(index, "tmp"));

    /// <summary>Makes a verified temp part the held part (fsync, rename, fsync the folder).</summary>
    public void Commit(int index)
    {
        File.Move(TempFile(index), PartFile(index), overwrite: true);
        Durable.FsyncDirectory(_dir);
        TryDelete(EncodedFile(index));
    }

    public void Discard(int index)
    {
        TryDelete(EncodedFile(index));
        TryDelete(TempFile(index));
    }

    public static void Delete(string stateFolder, string relayPath)
    {
        var dir = FolderFor(stateFolder, relayPath);
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string Name(int index, string kind) => index.ToString("D4", CultureInfo.InvariantCulture) + "." + kind;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
