using System.Text;

namespace Escale.Agent.Logging;

/// <summary>
/// A log file that rolls over by size: <c>escale.log</c> → <c>escale.log.1</c> → … →
/// <c>escale.log.N</c> (the oldest is deleted). One writer per file is assumed (one agent per
/// config); a second process appending to the same file would only make rotation early, not lose lines.
/// </summary>
public sealed class RotatingLogFile : IDisposable
{
    public const long DefaultMaxBytes = 10L * 1024 * 1024;
    public const int DefaultKeep = 5;

    private readonly object _gate = new();
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _keep;
    private FileStream? _stream;

    /// <param name="keep">Rotated files kept besides the current one (0 = truncate instead of keeping any).</param>
    public RotatingLogFile(string path, long maxBytes = DefaultMaxBytes, int keep = DefaultKeep)
    {
        _path = Path.GetFullPath(path);
        _maxBytes = Math.Max(1024, maxBytes);
        _keep = Math.Max(0, keep);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _stream = Open();
    }

    public void WriteLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_gate)
        {
            if (_stream is null)
            {
                return;
            }

            // A record is never split across files; a single huge record still lands whole.
            if (_stream.Length > 0 && _stream.Length + bytes.Length > _maxBytes)
            {
                Rotate();
            }

            _stream.Write(bytes);
            _stream.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    private void Rotate()
    {
        _stream!.Dispose();
        if (_keep == 0)
        {
            _stream = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
            return;
        }

        File.Delete($"{_path}.{_keep}");
        for (var i = _keep - 1; i >= 1; i--)
        {
            var from = $"{_path}.{i}";
            if (File.Exists(from))
            {
                File.Move(from, $"{_path}.{i + 1}", overwrite: true);
            }
        }

        File.Move(_path, $"{_path}.1", overwrite: true);
        _stream = Open();
    }

    private FileStream Open()
    {
        var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        if (!OperatingSystem.IsWindows())
        {
            // Logs name files and hosts; keep them to the owner like the state they describe.
            File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return stream;
    }
}
