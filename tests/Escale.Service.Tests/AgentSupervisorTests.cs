using Escale.Cli.Commands;
using Escale.Core.Config;
using Escale.Testing;
using Microsoft.Extensions.Logging;

namespace Escale.Service.Tests;

/// <summary>The supervisor's decisions, in process: one repository's abort mid-run stops the others, restarts all, mails each time.</summary>
public sealed class AgentSupervisorTests : IDisposable
{
    private readonly Sandbox _box = new();
    private readonly ListLogger _log = new("supervisor");

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task A_repository_abort_stops_the_others_and_everything_restarts_a_bounded_number_of_times()
    {
        using var sink = await SmtpSink.StartAsync(Path.Combine(_box.Root, "maildir"));
        var repos = Repos($"maintainer = ops@example.org\nsmtp host = 127.0.0.1\nsmtp port = {sink.Port}");
        using var logs = LoggerFactory.Create(b => b.AddProvider(new SingleProvider(_log)));
        using var signals = new CancellationTokenSource();
        var runs = 0;
        var othersStopped = 0;

        var code = await new AgentSupervisor(repos, logs, TimeSpan.Zero, maxRestarts: 2).RunAsync(async (attempt, aborted) =>
        {
            runs++;
            var other = Task.Delay(Timeout.Infinite, attempt.Token); // the healthy repository keeps running...
            await aborted("bad", "relay: login refused", 3);
            try
            {
                await other; // ...until the abort stops it
            }
            catch (OperationCanceledException)
            {
                othersStopped++;
            }

            return 130;
        }, signals);

        Assert.Equal(3, code); // the abort's code, not the 130 of the stopped repository
        Assert.Equal(3, runs);
        Assert.Equal(3, othersStopped);
        Assert.Equal(1, _log.Count("giving up after 2 restarts"));
        var mails = sink.Messages().Select(SmtpSink.DecodeQuotedPrintable).ToList();
        Assert.Equal(3, mails.Count);
        Assert.All(mails, m => Assert.Contains("error:         relay: login refused", m));
        Assert.All(mails, m => Assert.Contains("repository:    bad", m));
    }

    [Fact]
    public async Task Without_auto_restart_an_abort_ends_the_run_and_a_signal_is_not_an_abort()
    {
        var repos = Repos("");
        using var logs = LoggerFactory.Create(b => b.AddProvider(new SingleProvider(_log)));
        using var signals = new CancellationTokenSource();
        var runs = 0;
        var code = await new AgentSupervisor(repos, logs, null, 10).RunAsync(async (_, aborted) =>
        {
            runs++;
            await aborted("bad", "boom", 2);
            return 2;
        }, signals);
        Assert.Equal(2, code);
        Assert.Equal(1, runs);

        await signals.CancelAsync();
        code = await new AgentSupervisor(repos, logs, TimeSpan.Zero, 10).RunAsync((attempt, _) =>
        {
            runs++;
            return Task.FromResult(attempt.IsCancellationRequested ? 130 : 0);
        }, signals);
        Assert.Equal(130, code);
        Assert.Equal(2, runs);
    }

    private IReadOnlyList<RepositoryConfig> Repos(string globals) => EscaleConfig.Parse($"""
        {globals}
        [good]
        local path = {_box.Sub("good")}
        relay dir = {_box.Sub("relay")}
        [bad]
        local path = {_box.Sub("bad")}
        relay dir = {_box.Sub("relay")}
        """, _box.File("escale.conf")).Repositories;

    private sealed class SingleProvider(ILogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
