using Escale.Core.Config;
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
        => Create(consoleLevel, logFile is null ? null : new RotatingLogFile(logFile), fileLevel, SecretRedactor.None);

    /// <summary>
    /// Console (not for a daemon, whose stderr is the log file already) and the repositories' <c>log file</c> with rotation, both redacted of every secret
    /// the repositories name. The first repository's log options win (they are usually global lines).
    /// </summary>
    public static ILoggerFactory Create(IReadOnlyList<RepositoryConfig> repos, string? commandLineLevel = null, bool console = true)
    {
        var first = repos[0];
        var level = Parse(commandLineLevel ?? first.GetOrNull<string>("log level"));
        return Create(console ? level : LogLevel.None, OpenFile(first), level, SecretRedactor.For(repos));
    }

    /// <summary>The <c>log file</c> of a repository with its rotation options, or null when it has none.</summary>
    public static RotatingLogFile? OpenFile(RepositoryConfig repo)
    {
        var path = repo.GetPath("log file");
        return path is null
            ? null
            : new RotatingLogFile(path, repo.Get("log max size", RotatingLogFile.DefaultMaxBytes), repo.Get("log files", RotatingLogFile.DefaultKeep));
    }

    private static ILoggerFactory Create(LogLevel consoleLevel, RotatingLogFile? file, LogLevel fileLevel, SecretRedactor redactor)
    {
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            if (consoleLevel != LogLevel.None)
            {
                builder.AddProvider(new LineLoggerProvider(Console.Error, consoleLevel, redactor: redactor));
            }

            if (file is not null)
            {
                builder.AddProvider(new FileProvider(file, fileLevel, redactor));
            }
        });
    }

    /// <summary>Owns the file so that disposing the factory closes it.</summary>
    private sealed class FileProvider(RotatingLogFile file, LogLevel level, SecretRedactor redactor) : ILoggerProvider
    {
        private readonly LineLoggerProvider _lines = new(file.WriteLine, level, timestamps: true, redactor, dates: true);

        public ILogger CreateLogger(string categoryName) => _lines.CreateLogger(categoryName);

        public void Dispose()
        {
            _lines.Dispose();
            file.Dispose();
        }
    }
}
