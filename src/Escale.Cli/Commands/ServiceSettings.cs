namespace Escale.Cli.Commands;

/// <summary>How <c>escale</c> runs as a service: detached (-d), restarted after aborts (--auto-restart).</summary>
public sealed record ServiceSettings(bool Daemon, TimeSpan? AutoRestart, int MaxRestarts);
