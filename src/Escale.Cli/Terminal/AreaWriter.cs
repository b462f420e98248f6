using System.Text;

namespace Escale.Cli.Terminal;

/// <summary>
/// Console.Out/Console.Error while a <see cref="LiveArea"/> is shown: text is gathered until a line is
/// complete, then printed above the area as a whole. Everything that writes to the console (the
/// logger, the --once summary, the signal handler's line) goes through here without knowing it.
/// </summary>
public sealed class AreaWriter(LiveArea area, TextWriter target) : TextWriter
{
    private readonly StringBuilder _pending = new();

    public override Encoding Encoding => target.Encoding;

    public override void Write(char value)
    {
        lock (_pending)
        {
            if (value == '\n')
            {
                var line = _pending.ToString().TrimEnd('\r');
                _pending.Clear();
                area.WriteLine(target, line);
            }
            else
            {
                _pending.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        lock (_pending)
        {
            var start = 0;
            int newline;
            while ((newline = value.IndexOf('\n', start)) >= 0)
            {
                _pending.Append(value, start, newline - start);
                var line = _pending.ToString().TrimEnd('\r');
                _pending.Clear();
                area.WriteLine(target, line);
                start = newline + 1;
            }

            _pending.Append(value, start, value.Length - start);
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write((value ?? "") + "\n");

    /// <summary>A partial line is held until its end arrives: flushing it would put it under the area.</summary>
    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        lock (_pending)
        {
            if (_pending.Length > 0)
            {
                area.WriteLine(target, _pending.ToString());
                _pending.Clear();
            }
        }

        base.Dispose(disposing);
    }
}
