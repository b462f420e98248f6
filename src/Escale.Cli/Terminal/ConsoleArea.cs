namespace Escale.Cli.Terminal;

/// <summary>
/// Puts a <see cref="LiveArea"/> under the console for the lifetime of this object: Console.Out and
/// Console.Error print their lines above it. Must be installed before the loggers are created (they
/// keep the writer they found). Disposing removes the area and gives the console back.
/// </summary>
public sealed class ConsoleArea : IDisposable
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly AreaWriter _areaOut;
    private readonly AreaWriter _areaError;

    private ConsoleArea()
    {
        _out = Console.Out;
        _error = Console.Error;
        Area = new LiveArea(_error, LiveArea.ConsoleWidth, LiveArea.ConsoleHeight);
        _areaOut = new AreaWriter(Area, _out);
        _areaError = new AreaWriter(Area, _error);
        Console.SetOut(_areaOut);
        Console.SetError(_areaError);
    }

    public LiveArea Area { get; }

    public static ConsoleArea Install() => new();

    public void Dispose()
    {
        _areaOut.Dispose();
        _areaError.Dispose();
        Area.Close();
        Console.SetOut(_out);
        Console.SetError(_error);
    }
}
