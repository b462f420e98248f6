namespace Escale.Agent.Mail;

/// <summary>What the maintainer is told when an agent gives up: the one error line and where it happened.</summary>
public sealed record AbortReport(string Program, string? Repository, string ErrorLine, string? ConfigFile, DateTimeOffset Time)
{
    public string Host { get; init; } = Environment.MachineName;

    public string Subject => $"escale: {Program} aborted on {Host}" + (Repository is null ? "" : $" [{Repository}]");

    public string Body => $"""
        The escale agent on {Host} stopped because of an error it cannot recover from.

        error:         {ErrorLine}
        program:       {Program} (pid {Environment.ProcessId})
        repository:    {Repository ?? "(all)"}
        configuration: {ConfigFile ?? "(unknown)"}
        host:          {Host}
        time:          {Time:yyyy-MM-dd HH:mm:ss zzz}

        Files are not synchronized from this node until it is restarted. The log file (option
        'log file') has the details.
        """;
}
