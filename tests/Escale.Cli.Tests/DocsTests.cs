using System.Diagnostics;
using Escale.Cli.Commands;
using Escale.Cli.Docs;
using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>
/// Completion scripts and man pages, generated from the parsers: each shell accepts its script, bash
/// really completes verbs, options and values, and every command renders as a man page naming every verb.
/// </summary>
public sealed class DocsTests : IDisposable
{
    private readonly TempDir _dir = new("docs");

    public void Dispose() => _dir.Dispose();

    private static IEnumerable<string> Verbs() => DocsCommands.Roots().SelectMany(r => r.All()).Where(c => c.Path.Contains(' ', StringComparison.Ordinal)).Select(c => c.Name);

    [Fact]
    public async Task The_bash_script_passes_bash_n_and_names_every_subcommand()
    {
        var (code, script) = await CliProcess.RunAsync("escale", ["completion", "bash"]);
        Assert.Equal(0, code);
        var file = Path.Combine(_dir.Path, "escale.bash");
        File.WriteAllText(file, script);
        var (syntax, errors) = Run("bash", "-n", file);
        Assert.True(syntax == 0, errors);
        Assert.NotEmpty(Verbs());
        foreach (var verb in Verbs())
        {
            Assert.Contains(verb, script, StringComparison.Ordinal);
        }

        // "status" and "wait-idle" etc. come from ControlCommand: the model is the parser's.
        Assert.Contains("\"escalectl wait-idle\"", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("escalectl sta", "status")]
    [InlineData("escalectl -c x.conf mem", "members")] // -c FILE before the verb is skipped
    [InlineData("escalectl status --rep", "--repository")]
    [InlineData("escale --log-level w", "warning")]
    [InlineData("escalectl bwlimit -", "--config -c --repository -r --json --help -h -?")]
    [InlineData("escalectl pause -", "--config -c --repository -r --for --json --help -h -?")]
    [InlineData("escalectl resolve a.txt --keep ", "both mine theirs")]
    [InlineData("escalectl resu", "resume")]
    [InlineData("escale completion f", "fish")]
    [InlineData("escale-mount --webd", "--webdav")]
    public void Bash_completes_verbs_options_and_values(string line, string expected)
    {
        var script = CompletionScripts.Bash(DocsCommands.Roots());
        var file = Path.Combine(_dir.Path, "complete.bash");
        File.WriteAllText(file, script);
        var words = line.Split(' ');
        var driver = $"""
            source {Tmux.Quote(file)}
            COMP_WORDS=({string.Join(' ', words.Select(Tmux.Quote))}); COMP_CWORD={words.Length - 1}
            _escale_complete
            echo "${"{"}COMPREPLY[*]{"}"}"
            """;
        var (code, output) = Run("bash", "-c", driver);
        Assert.True(code == 0, output);
        Assert.Equal(expected, output.Trim());
    }

    [SkippableTheory]
    [InlineData("zsh")]
    [InlineData("fish")]
    public async Task The_zsh_and_fish_scripts_pass_their_shells_syntax_check(string shell)
    {
        Prerequisite.Require(File.Exists("/usr/bin/" + shell) ? null : shell + " is not installed (scripts/setup/tmux.sh installs it)");
        var (code, script) = await CliProcess.RunAsync("escale", ["completion", shell]);
        Assert.Equal(0, code);
        var file = Path.Combine(_dir.Path, "escale." + shell);
        File.WriteAllText(file, script);
        var (syntax, errors) = Run(shell, "-n", file);
        Assert.True(syntax == 0, errors);
        foreach (var verb in Verbs())
        {
            Assert.Contains(verb, script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        var (code, output) = await CliProcess.RunAsync("escale", ["completion", "tcsh"]);
        Assert.Equal(2, code);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [SkippableFact]
    public async Task Each_command_has_a_man_page_that_man_renders_without_warnings()
    {
        Prerequisite.Require(File.Exists("/usr/bin/man") ? null : "man is not installed (scripts/setup/tmux.sh installs it)");
        var folder = Path.Combine(_dir.Path, "man1");
        var (code, output) = await CliProcess.RunAsync("escale", ["man", folder], env: new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1780272000" });
        Assert.True(code == 0, output);
        foreach (var root in DocsCommands.Roots())
        {
            var page = Path.Combine(folder, root.Name + ".1");
            Assert.StartsWith($".TH \"{root.Name.ToUpperInvariant()}\" 1 \"2026-06-01\"", File.ReadAllText(page), StringComparison.Ordinal);
            var (rendered, text) = Run("man", "--warnings", "-l", page);
            Assert.True(rendered == 0, text);
            var (_, warnings) = Run("bash", "-c", "man --warnings -l \"$0\" 2>&1 >/dev/null", page); // stderr alone
            Assert.True(warnings.Length == 0, warnings);
            Assert.Contains("NAME", text, StringComparison.Ordinal);
            Assert.Contains("EXIT STATUS", text, StringComparison.Ordinal);
            foreach (var sub in root.Subcommands)
            {
                Assert.Contains(sub.Path, text, StringComparison.Ordinal);
            }

            foreach (var option in root.Options)
            {
                Assert.Contains(option.Names[0], text, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Runs a program; stdout and stderr together.</summary>
    private static (int Code, string Output) Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["MANPAGER"] = "cat";
        psi.Environment["MANWIDTH"] = "200";
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
