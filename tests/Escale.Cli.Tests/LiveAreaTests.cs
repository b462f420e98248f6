using System.Text;
using Escale.Cli.Terminal;

namespace Escale.Cli.Tests;

/// <summary>
/// The live area against a terminal emulated just enough (rows, cursor up, clear to end): whatever is
/// interleaved, every log line ends up whole on screen, the area below it.
/// </summary>
public sealed class LiveAreaTests
{
    [Fact]
    public void Log_lines_print_whole_above_the_area_and_the_area_goes_at_close()
    {
        var raw = new StringWriter();
        var area = new LiveArea(raw, () => 40);
        var log = new AreaWriter(area, raw);
        area.Show(["↑ [r] a.bin  50%"]);
        log.Write("12:00:00 info [r] pushed");
        area.Show(["↑ [r] a.bin  60%", "↓ [r] b.bin  1%"]); // a partial log line waits for its end
        log.WriteLine(" a.bin");
        log.WriteLine("12:00:01 info [r] second line that is much longer than the forty columns of this terminal");
        Assert.Equal(
            ["12:00:00 info [r] pushed a.bin", "12:00:01 info [r] second line that is much longer than the forty columns of this terminal", "↑ [r] a.bin  60%", "↓ [r] b.bin  1%"],
            Screen.Render(raw.ToString()));

        area.Close();
        log.WriteLine("[r] pushed 1, pulled 0");
        Assert.Equal(
            ["12:00:00 info [r] pushed a.bin", "12:00:01 info [r] second line that is much longer than the forty columns of this terminal", "[r] pushed 1, pulled 0"],
            Screen.Render(raw.ToString()));
    }

    [Fact]
    public void Area_lines_are_cut_to_the_width_so_each_takes_one_row()
    {
        var raw = new StringWriter();
        var area = new LiveArea(raw, () => 20);
        area.Show([new string('x', 50)]);
        Assert.Equal(["xxxxxxxxxxxxxxxxxx…"], Screen.Render(raw.ToString()));
    }

    [Fact]
    public void An_area_taller_than_the_terminal_keeps_a_row_free_and_says_how_many_are_left_out()
    {
        var raw = new StringWriter();
        var area = new LiveArea(raw, () => 40, () => 4);
        area.Show(["t1", "t2", "t3", "t4", "t5"]);
        Assert.Equal(["t1", "t2", "… and 3 more"], Screen.Render(raw.ToString()));
        new AreaWriter(area, raw).WriteLine("log");
        Assert.Equal(["log", "t1", "t2", "… and 3 more"], Screen.Render(raw.ToString()));
    }

    /// <summary>Rows of a terminal that understands \n, \r, ESC[nA and ESC[J (what LiveArea emits).</summary>
    private static class Screen
    {
        public static List<string> Render(string output)
        {
            var rows = new List<StringBuilder> { new() };
            var row = 0;
            var col = 0;
            for (var i = 0; i < output.Length; i++)
            {
                var c = output[i];
                if (c == '\x1b')
                {
                    var end = i + 2;
                    while (!char.IsLetter(output[end]))
                    {
                        end++;
                    }

                    var arg = output[(i + 2)..end];
                    if (output[end] == 'A')
                    {
                        row = Math.Max(0, row - int.Parse(arg, System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else if (output[end] == 'J')
                    {
                        rows[row].Length = Math.Min(rows[row].Length, col);
                        rows.RemoveRange(row + 1, rows.Count - row - 1);
                    }

                    i = end;
                }
                else if (c == '\r')
                {
                    col = 0;
                }
                else if (c == '\n')
                {
                    row++;
                    col = 0;
                    if (row == rows.Count)
                    {
                        rows.Add(new StringBuilder());
                    }
                }
                else
                {
                    var r = rows[row];
                    if (col < r.Length)
                    {
                        r[col] = c;
                    }
                    else
                    {
                        r.Append(c);
                    }

                    col++;
                }
            }

            return rows.Select(r => r.ToString()).Where(r => r.Length > 0).ToList();
        }
    }
}
