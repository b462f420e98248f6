namespace Escale.Ops.Tests;

/// <summary>Every command refuses bad input with one clear line (no stack trace) and a non-zero exit.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly OpsSetup _setup = new();

    public BadInputTests()
    {
        File.WriteAllBytes(Path.Combine(_setup.Root, "garbage.tar.gz"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919))]);
        File.WriteAllText(Path.Combine(_setup.Root, "garbage.tar"), "this is not a tar archive");
        // A relay folder that cannot exist: its parent is a regular file.
        _setup.Write("unreachable.conf", "nodeU", _setup.Sub("u"), "cache-u", "", relay: Path.Combine(_setup.ConfA, "relay"));
    }

    public static TheoryData<string, string[], string> Cases => new()
    {
        { "status", ["status", "-c", "{A}", "-r", "nope"], "no section [nope]" },
        { "queue", ["queue", "-c", "{A}", "-r", "nope"], "no section [nope]" },
        { "wait-idle section", ["wait-idle", "-c", "{A}", "-r", "nope"], "no section [nope]" },
        { "wait-idle timeout", ["wait-idle", "-c", "{A}", "--timeout", "-1"], "--timeout -1" },
        { "stop", ["stop", "-c", "{A}", "-r", "nope"], "no section [nope]" },
        { "restart", ["restart", "-c", "{A}", "-r", "nope"], "no section [nope]" },
        { "access section", ["access", "-c", "{A}", "-r", "nope", "f.txt", "r-"], "no section [nope]" },
        { "access flag", ["access", "-c", "{A}", "f.txt", "rx"], "unknown access flag 'rx'" },
        { "access flag sign", ["access", "-c", "{A}", "f.txt", "w*"], "unknown access flag 'w*'" },
        { "access outside", ["access", "-c", "{A}", "../outside.txt", "r-"], "not inside the repository's local folder" },
        { "backup section", ["backup", "nope", "{ROOT}/x.tar.gz", "-c", "{A}"], "no section [nope]" },
        { "backup name", ["backup", "repo", "{ROOT}/x.zip", "-c", "{A}"], "must end in .tar, .tar.gz or .tgz" },
        { "backup relay", ["backup", "repo", "{ROOT}/x.tar", "-c", "{U}"], "does not exist" },
        { "restore missing", ["restore", "repo", "{ROOT}/missing.tar.gz", "-c", "{A}"], "no such archive" },
        { "restore gzip", ["restore", "repo", "{ROOT}/garbage.tar.gz", "-c", "{A}"], "not a readable tar.gz archive" },
        { "restore tar", ["restore", "repo", "{ROOT}/garbage.tar", "-c", "{A}"], "not a readable tar archive" },
        { "restore section", ["restore", "nope", "{ROOT}/garbage.tar", "-c", "{A}"], "no section [nope]" },
        { "migrate section", ["migrate", "nope", "file:///tmp/x", "-c", "{A}"], "no section [nope]" },
        { "migrate url", ["migrate", "repo", "not-a-url", "-c", "{A}"], "is not a relay URL" },
        { "migrate scheme", ["migrate", "repo", "gopher://host/x", "-c", "{A}"], "unsupported scheme 'gopher'" },
        { "migrate relative file", ["migrate", "repo", "file://relative/x", "-c", "{A}"], "needs an absolute path" },
        { "migrate unreachable", ["migrate", "repo", "file://{A}/relay", "-c", "{A}"], "cannot be created" },
        { "fix section", ["fix", "nope", "-c", "{A}"], "no section [nope]" },
        { "fix no state", ["fix", "repo", "-c", "{A}"], "has no local state" },
        { "probe unreachable", ["probe", "-c", "{U}"], "relay unreachable" },
        { "config", ["status", "-c", "{ROOT}/missing.conf"], "no such configuration file" },
    };

    public void Dispose() => _setup.Dispose();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_one_clear_line_and_a_non_zero_exit(string label, string[] args, string expected)
    {
        var expanded = args.Select(a => a.Replace("{A}", _setup.ConfA, StringComparison.Ordinal)
            .Replace("{U}", Path.Combine(_setup.Root, "unreachable.conf"), StringComparison.Ordinal)
            .Replace("{ROOT}", _setup.Root, StringComparison.Ordinal)).ToArray();
        var (code, output) = await _setup.CtlAsync(expanded);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(code != 0, $"{label}: exit 0\n{output}");
        Assert.True(lines.Length == 1, $"{label}: expected one line\n{output}");
        Assert.StartsWith("escalectl: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_of_an_unreachable_relay_says_so_and_fails()
    {
        var (code, output) = await _setup.CtlAsync("status", "-c", Path.Combine(_setup.Root, "unreachable.conf"));
        Assert.Equal(3, code);
        Assert.Contains("[repo] relay ", output, StringComparison.Ordinal);
        Assert.Contains(": unreachable: relay folder", output, StringComparison.Ordinal);
    }
}
