using System.Text;

namespace Escale.Relay.Ftp.Client;

/// <summary>
/// Reads replies from the control connection: lines end with CRLF (a bare LF is accepted), a
/// multi-line reply opens with "ddd-" and ends with a line starting "ddd " (RFC 959 §4.2).
/// Text is decoded as UTF-8 whatever the server says: names are UTF-8 on every server we target,
/// and a stray byte becomes U+FFFD, which the relay path validation refuses.
/// </summary>
internal sealed class FtpReplyReader(Stream stream)
{
    private const int MaxLine = 64 * 1024;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>Replaces the stream after AUTH TLS; nothing may be buffered then (RFC 4217 §4).</summary>
    public Stream Stream { get; set; } = stream;

    /// <summary>Bytes received but not read yet (a reply the server sent on its own, like 421).</summary>
    public bool HasBufferedData => _end > _start;

    public async Task<FtpReply> ReadAsync(CancellationToken cancellationToken)
    {
        var first = await ReadLineAsync(cancellationToken);
        if (first.Length < 3 || !int.TryParse(first.AsSpan(0, 3), out var code) || code < 100 || code > 599)
        {
            throw new IOException($"not an FTP reply: '{Truncate(first)}'");
        }

        if (first.Length < 4 || first[3] != '-')
        {
            return new FtpReply(code, first.Length > 4 ? first[4..] : "");
        }

        var text = new StringBuilder(first[4..]);
        var terminator = first[..3] + " ";
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            text.Append('\n');
            if (line.StartsWith(terminator, StringComparison.Ordinal) || line == first[..3])
            {
                text.Append(line.Length > 4 ? line[4..] : "");
                return new FtpReply(code, text.ToString());
            }

            text.Append(line);
            if (text.Length > MaxLine)
            {
                throw new IOException("multi-line reply too long");
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == '\r')
                {
                    length--;
                }

                var line = Encoding.UTF8.GetString(_buffer, _start, length);
                _start = newline + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new IOException("reply line longer than 8 KiB");
            }

            var n = await Stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (n == 0)
            {
                throw new IOException("the server closed the control connection");
            }

            _end += n;
        }
    }

    private static string Truncate(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
