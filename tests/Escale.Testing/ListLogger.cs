using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Escale.Testing;

/// <summary>A logger that keeps every line, for tests that check what was said (and how often).</summary>
public sealed class ListLogger(string name = "") : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        Lines.Enqueue((logLevel, message));
        if (Environment.GetEnvironmentVariable("ESCALE_TEST_VERBOSE") == "1")
        {
            Console.Error.WriteLine($"[{name}] {logLevel}: {message}");
        }
    }

    public int Count(string fragment) => Lines.Count(l => l.Message.Contains(fragment, StringComparison.Ordinal));
}
