using System.Text;

namespace Escale.Cli.Commands;

/// <summary>
/// The wizard's questions and answers. On a terminal, passwords are read key by key without echo;
/// when standard input is a pipe or a file (scripts, tests) every answer is one plain line.
/// Prompts go to standard error so that standard output stays clean for scripts.
/// </summary>
public sealed class WizardConsole(TextReader input, TextWriter output, bool interactive)
{
    public static WizardConsole FromStandardStreams() => new(Console.In, Console.Error, !Console.IsInputRedirected);

    public bool Interactive => interactive;

    public void Say(string line) => output.WriteLine(line);

    /// <summary>Where prompts go: for steps that write several lines themselves (Google's authorization).</summary>
    public TextWriter Output => output;

    /// <summary>Asks until <paramref name="validate"/> accepts (it returns an error text or null). Empty = the default.</summary>
    public string Ask(string question, string? fallback, Func<string, string?>? validate = null)
    {
        while (true)
        {
            output.Write(fallback is { Length: > 0 } ? $"{question} [{fallback}]: " : $"{question}: ");
            output.Flush();
            var answer = ReadLine()?.Trim() ?? throw new WizardException("input ended before the configuration was complete; nothing was written");
            if (!interactive)
            {
                output.WriteLine(); // keeps a transcript of piped answers readable
            }

            if (answer.Length == 0)
            {
                answer = fallback ?? "";
            }

            var problem = validate?.Invoke(answer);
            if (problem is null)
            {
                return answer;
            }

            output.WriteLine("  " + problem);
            if (!interactive)
            {
                // A script cannot answer again: stop instead of reading its next answer as this one.
                throw new WizardException(problem);
            }
        }
    }

    public string Choose(string question, string fallback, params string[] choices) =>
        Ask($"{question} ({string.Join(", ", choices)})", fallback,
            a => choices.Contains(a.ToLowerInvariant()) ? null : $"'{a}' is not one of: {string.Join(", ", choices)}").ToLowerInvariant();

    public bool Confirm(string question, bool fallback) =>
        Ask(question + " (yes/no)", fallback ? "yes" : "no",
            a => a.ToLowerInvariant() is "y" or "yes" or "n" or "no" ? null : "answer yes or no").ToLowerInvariant().StartsWith('y');

    /// <summary>A password: never echoed; empty means none.</summary>
    public string AskSecret(string question)
    {
        output.Write($"{question} (not shown): ");
        output.Flush();
        string? answer;
        if (interactive)
        {
            answer = ReadHidden();
        }
        else
        {
            answer = ReadLine() ?? throw new WizardException("input ended before the configuration was complete; nothing was written");
        }

        output.WriteLine();
        return answer.TrimEnd('\r', '\n');
    }

    private string? ReadLine() => input.ReadLine();

    private static string ReadHidden()
    {
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
