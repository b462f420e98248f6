using Escale.Agent.Logging;
using Microsoft.Extensions.Logging;

namespace Escale.Service.Tests;

/// <summary>Hole 6 of issue 11: strings from a relay (pushers, pullers, lock owners, names) reach logs escaped.</summary>
public sealed class LogEscapingTests
{
    [Fact]
    public void Control_characters_from_the_relay_never_reach_a_log_line_raw()
    {
        var lines = new List<string>();
        using var provider = new LineLoggerProvider(lines.Add, LogLevel.Information, timestamps: false);
        var logger = provider.CreateLogger("");
        logger.LogInformation("pulled {Path} ({Size}) from {Pusher}", "a.txt", "1 B", "evil\u001b[2J\u0000node");
        logger.LogWarning("{Path}: lock of {Owner} older than the lock timeout; cleared", "b.txt", "own\u009ber\r\nforged line");
        logger.LogWarning(new IOException("reply \u0007bell"), "failed");

        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.DoesNotContain(l, c => c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)));
        Assert.Contains("evil\\x1b[2J\\x00node", lines[0]);
        Assert.Contains("own\\x9ber\\x0d\\x0aforged line", lines[1]);
        Assert.Contains("\\x07bell", lines[2]);
    }

    [Fact]
    public void Plain_text_is_unchanged() =>
        Assert.Equal("pulled é/ü.txt from node-1", LogEscaper.Escape("pulled é/ü.txt from node-1"));
}
