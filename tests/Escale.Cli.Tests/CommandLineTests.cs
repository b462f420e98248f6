using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>
/// The command line behaves the same in every command: -c/-r before or after the verb, usage errors on
/// one line with exit code 2, --help unchanged, and escale -d naming the escalectl line that stops it.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TwoNodeSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Theory]
    [InlineData("status")]
    [InlineData("queue")]
    [InlineData("probe")]
    public async Task Config_and_repository_are_accepted_before_or_after_the_verb(string verb)
    {
        var section = SectionOf(_setup.ConfA);
        var (before, outBefore) = await CliProcess.RunAsync("escalectl", ["-c", _setup.ConfA, "-r", section, verb]);
        var (after, outAfter) = await CliProcess.RunAsync("escalectl", [verb, "-c", _setup.ConfA, "-r", section]);
        Assert.True(before == 0, outBefore);
        Assert.True(after == 0, outAfter);
        Assert.DoesNotContain("was not matched", outBefore, StringComparison.Ordinal);
        Assert.Contains(section, outBefore, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_long_forms_and_equals_forms_move_too()
    {
        var (code, output) = await CliProcess.RunAsync("escalectl", ["--config=" + _setup.ConfA, "status"]);
        Assert.True(code == 0, output);
        (code, output) = await CliProcess.RunAsync("escalectl", ["--config", "/nonexistent/escale.conf", "status"]);
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/escale.conf: no such configuration file", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("escalectl", new[] { "statsu" }, "did you mean 'status'?")]
    [InlineData("escalectl", new[] { "-c", "X", "statsu" }, "did you mean 'status'?")]
    [InlineData("escalectl", new[] { "status", "--bogus" }, "'--bogus'")]
    [InlineData("escale", new[] { "--onse" }, "did you mean '--once'?")]
    [InlineData("escale-mount", new[] { "-bogus" }, "unknown option '-bogus'")] // never taken for a mount point
    [InlineData("escale-mount", new[] { "--bogus", "/tmp/x" }, "unknown option '--bogus'")]
    public async Task A_usage_error_is_one_line_and_exit_code_2(string command, string[] args, string expected)
    {
        var (code, output) = await CliProcess.RunAsync(command, args);
        Assert.Equal(2, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, output);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.StartsWith(command, lines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("escalectl")]
    [InlineData("escale")]
    [InlineData("escale-mount")]
    public async Task Help_still_prints_the_whole_help(string command)
    {
        var (code, output) = await CliProcess.RunAsync(command, ["--help"]);
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains("--help", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_service_takes_repository_and_refuses_an_unknown_one()
    {
        var section = SectionOf(_setup.ConfA);
        var env = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = Path.Combine(_setup.Root, "xdg") };
        var (code, output) = await CliProcess.RunAsync("escalectl", ["-r", section, "install-service", "-c", _setup.ConfA, "-n"], env: env);
        Assert.True(code == 0, output);
        Assert.Contains($" -r {section}", output.Split('\n').Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal)), StringComparison.Ordinal);
        (code, output) = await CliProcess.RunAsync("escalectl", ["install-service", "-c", _setup.ConfA, "-r", "no-such", "-n"], env: env);
        Assert.Equal(2, code);
        Assert.Contains("-r no-such: no such repository", output, StringComparison.Ordinal);
    }

    private static string SectionOf(string conf) =>
        File.ReadLines(conf).First(l => l.StartsWith('[')).Trim('[', ']', ' ');
}
