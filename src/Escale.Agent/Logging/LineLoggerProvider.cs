using Microsoft.Extensions.Logging;

namespace Escale.Agent.Logging;

/// <summary>
/// Plain one-line log records: <c>HH:mm:ss LEVEL [repository] message</c>, to a console stream or a
/// file. Exceptions are summarized to their message at Information and above; stack traces only at
/// Debug, so a user never sees one unless asking for it. Every record passes the redactor.
/// </summary>
public sealed class LineLoggerProvider : ILoggerProvider
{
    private readonly object _gate = new();
    private readonly Action<string> _write;
    private readonly Action? _flush;
    private readonly SecretRedactor _redactor;
    private readonly bool _timestamps;
    private readonly bool _dates;

    public LineLoggerProvider(TextWriter writer, LogLevel minimum, bool timestamps = true, SecretRedactor? redactor = null)
        : this(writer.WriteLine, minimum, timestamps, redactor, writer.Flush)
    {
    }

    /// <param name="dates">Files outlive a day: their records carry the date too.</param>
    public LineLoggerProvider(Action<string> write, LogLevel minimum, bool timestamps = true, SecretRedactor? redactor = null, Action? flush = null, bool dates = false)
    {
        _write = write;
        _flush = flush;
        Minimum = minimum;
        _timestamps = timestamps;
        _redactor = redactor ?? SecretRedactor.None;
        _dates = dates;
    }

    internal LogLevel Minimum { get; }

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _flush?.Invoke();
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
        var format = _dates ? "yyyy-MM-dd HH:mm:ss " : "HH:mm:ss ";
        var prefix = _timestamps ? DateTime.Now.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "";
        var scope = category.Length > 0 ? $"[{category}] " : "";
        var line = $"{prefix}{tag} {scope}{LogEscaper.Escape(message)}";
        if (exception is not null)
        {
            // A debug stack trace keeps its lines; its message (which may quote the relay) does not.
            line += Minimum <= LogLevel.Debug ? Environment.NewLine + exception : $" ({LogEscaper.Escape(exception.Message)})";
        }

        line = _redactor.Redact(line);
        lock (_gate)
        {
            _write(line);
            _flush?.Invoke();
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
}
