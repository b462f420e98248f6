using System.Text;

namespace Escale.Cli.Terminal;

/// <summary>
/// A few live lines (the transfers) kept at the bottom of a terminal while whole lines (the log) are
/// printed above them. Every write goes through one lock: the area is erased (cursor up, clear to the
/// end of the screen), the line printed, the area drawn again. Area lines are cut to the terminal's
/// width so that each takes exactly one row — a wrapped one would make "cursor up" miss and erase log
/// text. Log lines are never cut: they scroll up and are not touched again.
/// </summary>
public sealed class LiveArea
{
    private readonly object _gate = new();
    private readonly TextWriter _terminal;
    private readonly Func<int> _width;
    private readonly Func<int> _height;
    private List<string> _lines = [];
    private int _drawn;
    private bool _closed;

    /// <param name="terminal">Where the area is drawn (the terminal's stderr).</param>
    /// <param name="width">The terminal's width, read at each draw (it may be resized).</param>
    /// <param name="height">Its height: the area keeps a row free above it (cursor up cannot go past the top).</param>
    public LiveArea(TextWriter terminal, Func<int> width, Func<int>? height = null)
    {
        _terminal = terminal;
        _width = width;
        _height = height ?? (() => 25);
    }

    /// <summary>The width of the console, or 80 when it cannot tell.</summary>
    public static int ConsoleWidth() => Measure(() => Console.WindowWidth, 80);

    /// <summary>The height of the console, or 25 when it cannot tell.</summary>
    public static int ConsoleHeight() => Measure(() => Console.WindowHeight, 25);

    private static int Measure(Func<int> read, int fallback)
    {
        try
        {
            var value = read();
            return value > 0 ? value : fallback;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return fallback;
        }
    }

    /// <summary>Prints a whole line above the area, to <paramref name="target"/> (stdout or stderr: the same terminal).</summary>
    public void WriteLine(TextWriter target, string line)
    {
        lock (_gate)
        {
            Erase();
            if (!ReferenceEquals(target, _terminal))
            {
                _terminal.Flush();
            }

            target.Write(line + "\n");
            target.Flush();
            Draw();
        }
    }

    /// <summary>Replaces the area's lines.</summary>
    public void Show(IReadOnlyList<string> lines)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            Erase();
            _lines = [.. lines];
            Draw();
        }
    }

    /// <summary>Removes the area for good: what was printed above stays, later lines print plainly.</summary>
    public void Close()
    {
        lock (_gate)
        {
            Erase();
            _lines = [];
            _closed = true;
        }
    }

    private void Erase()
    {
        if (_drawn > 0)
        {
            // Back to the first row of the area, then clear everything below.
            _terminal.Write($"\r\x1b[{_drawn}A\x1b[J");
            _drawn = 0;
        }
    }

    private void Draw()
    {
        if (_lines.Count == 0)
        {
            _terminal.Flush();
            return;
        }

        // One column spare: writing the last column leaves some terminals in a pending wrap.
        var width = Math.Max(10, _width() - 1);
        var rows = Math.Max(1, _height() - 1);
        var shown = _lines.Count <= rows ? _lines : [.. _lines.Take(rows - 1), $"… and {_lines.Count - rows + 1} more"];
        var text = new StringBuilder();
        foreach (var line in shown)
        {
            text.Append(line.Length > width ? line[..(width - 1)] + "…" : line).Append('\n');
        }

        _terminal.Write(text.ToString());
        _terminal.Flush();
        _drawn = shown.Count;
    }
}
