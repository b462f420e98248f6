using Microsoft.Extensions.Logging;

namespace Escale.Agent.Logging;

/// <summary>Builds the logger factory from the command line and the configuration's log options.</summary>
public static class Logs
{
    public static LogLevel Parse(string? level) => level switch
    {
        "debug" => LogLevel.Debug,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        _ => LogLevel.Information,
    };

    public static ILoggerFactory Create(LogLevel consoleLevel, string? logFile = null, LogLevel fileLevel = LogLevel.Information)
    {
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            builder.AddProvider(new LineLoggerProvider(Console.Error, consoleLevel));
            if (logFile is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
                var writer = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
                builder.AddProvider(new LineLoggerProvider(writer, fileLevel));
            }
        });
    }
}
