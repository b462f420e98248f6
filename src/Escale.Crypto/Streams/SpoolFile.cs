namespace Escale.Crypto.Streams;

/// <summary>
/// A scratch file that deletes itself on close: next to the destination when that is a file (same
/// disk, and a name that starts like the caller's own temp name), else in the system temp folder.
/// </summary>
internal static class SpoolFile
{
    public static FileStream Create(Stream destination)
    {
        string path;
        if (destination is FileStream file && Path.GetDirectoryName(file.Name) is { Length: > 0 } folder)
        {
            path = Path.Combine(folder, Path.GetFileName(file.Name) + ".spool-" + Guid.NewGuid().ToString("N")[..8]);
        }
        else
        {
            path = Path.Combine(Path.GetTempPath(), "escale-spool-" + Guid.NewGuid().ToString("N"));
        }

        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
