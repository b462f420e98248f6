using Microsoft.Extensions.Logging;

namespace Escale.Agent.Logging;

/// <summary>
/// Plain one-line log records: <c>HH:mm:ss LEVEL [repository] message</c>, to a console stream or a
/// file. Exceptions are summarized to their message at Information and above; stack traces only at
/// Debug, so a user never sees one unless asking for it.
/// </summary>
public sealed class LineLoggerProvider(TextWriter writer, LogLevel minimum, bool timestamps = true) : ILoggerProvider
{
    private readonly object _gate = new();

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            writer.Flush();
        }
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var tag = level switch
        {
            LogLevel.Trace or LogLevel.Debug => "debug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warning",
            LogLevel.Error => "error",
            _ => "critical",
        };
        var prefix = timestamps ? DateTime.Now.ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture) : "";
        var scope = category.Length > 0 ? $"[{category}] " : "";
        var line = $"{prefix}{tag} {scope}{message}";
        if (exception is not null)
        {
            line += minimum <= LogLevel.Debug ? Environment.NewLine + exception : $" ({exception.Message})";
        }

        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private sealed class LineLogger(LineLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.Minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }

    internal LogLevel Minimum => minimum;
}
