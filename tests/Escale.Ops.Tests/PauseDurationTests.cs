using Escale.Cli.Commands;

namespace Escale.Ops.Tests;

/// <summary><c>pause --for</c>'s durations (the options' one duration parser), as a table.</summary>
public sealed class PauseDurationTests
{
    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData("0.5m", 30)]
    [InlineData("0", null)]
    [InlineData("-5m", null)]
    [InlineData("soon", null)]
    [InlineData("5 m", 300)]
    [InlineData("1h 30m", 5400)]
    [InlineData("400d", null)]
    [InlineData("", null)]
    public void Pause_durations(string text, int? seconds) =>
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, CtlPauseCommand.PauseFor(text));
}
